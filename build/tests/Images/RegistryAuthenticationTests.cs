using System.Text;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>Pushes against a registry that demands credentials, as on a fork pull request.</summary>
[Trait("Requires", "Docker")]
public sealed class RegistryAuthenticationTests(DockerFixture docker, AuthenticatedRegistry registry)
    : IClassFixture<DockerFixture>, IClassFixture<AuthenticatedRegistry>
{
    string Reference(string name) => $"{registry.Host}/strata-tests/auth:{name}-{Guid.NewGuid():N}"[..(registry.Host.Length + 32)];

    Task<string> TinyImage() => docker.TinyImageAsync(Reference("tiny"));

    [Fact]
    public async Task Without_credentials_the_push_is_refused_with_a_hint_to_log_in()
    {
        var reference = await TinyImage();
        try
        {
            var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => docker.Engine.PushAsync(reference));
            Assert.Contains($"registry {registry.Host}", error.Message);
            Assert.Contains("REGISTRY_USERNAME", error.Message);
        }
        finally
        {
            await docker.Engine.RemoveAsync(reference);
        }
    }

    [Fact]
    public async Task Credentials_from_the_environment_or_the_docker_config_let_the_push_through()
    {
        using var withEnvironment = new DockerEngine(docker.Environment with { RegistryUsername = AuthenticatedRegistry.Username, RegistryPassword = AuthenticatedRegistry.Password, RegistryHost = registry.Host });
        var configDirectory = Directory.CreateTempSubdirectory("strata-dockercfg-").FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AuthenticatedRegistry.Username}:{AuthenticatedRegistry.Password}"));
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "config.json"), $$$$"""{"auths":{"{{{{registry.Host}}}}":{"auth":"{{{{auth}}}}"}}}""" + "\n");
        using var withConfig = new DockerEngine(docker.Environment with { ConfigDirectory = configDirectory });
        var first = await TinyImage();
        var second = await TinyImage();
        try
        {
            await withEnvironment.PushAsync(first);
            await withConfig.PushAsync(second);
            await docker.Engine.RemoveAsync(second);
            Assert.True(await withConfig.PullAsync(second));
            Assert.False(await withConfig.PullAsync(first.Replace(":tiny-", ":absent-")));
        }
        finally
        {
            await docker.Engine.RemoveAsync(first);
            await docker.Engine.RemoveAsync(second);
            Directory.Delete(configDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_fork_pull_request_without_credentials_still_builds_its_base_locally()
    {
        var name = $"fork-{Guid.NewGuid():N}"[..13];
        var tag = $"{registry.Host}/strata-tests/fork:base-image-{name}-pr9";
        var spec = new BaseBuildSpec(
            Lang: "python",
            Stem: $"cpu-python-{name}",
            RecipePath: Path.Combine(TestData.Directory(), "base", "Dockerfile"),
            ContextDir: Path.Combine(TestData.Directory(), "base"),
            ImageTag: tag,
            MasterImageTag: $"{registry.Host}/strata-tests/fork:base-image-{name}",
            CacheRef: $"{registry.Host}/strata-tests/fork:base-{name}",
            BuildArgs: [new("BASE_IMAGE", docker.OsImage), new("RUN_ID", name)],
            Platform: null,
            IsPullRequest: true,
            Push: true,
            Force: false,
            RefreshWindow: "test-window");
        try
        {
            var result = await new BaseImageBuild(docker.Engine, docker.Driver).RunAsync(spec);

            Assert.Equal(BaseBuildOutcome.Built, result.Outcome);
            Assert.False(result.Pushed);
            Assert.True(await docker.Engine.ImageExistsAsync(tag));
        }
        finally
        {
            await docker.Engine.RemoveAsync(tag);
        }
    }
}
