using System.Text;
using Strata.Images;

namespace Strata.Tests.Images;

public class ReferenceAndCredentialTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/strata/base:base-image-cpu-python", "127.0.0.1:5000", "127.0.0.1:5000/strata/base", "base-image-cpu-python")]
    [InlineData("ghcr.io/org/base:tag-pr12", "ghcr.io", "ghcr.io/org/base", "tag-pr12")]
    [InlineData("localhost/x", "localhost", "localhost/x", null)]
    [InlineData("strata/bookworm:minbase", "docker.io", "strata/bookworm", "minbase")]
    [InlineData("ubuntu", "docker.io", "ubuntu", null)]
    public void Splits_a_reference_into_registry_repository_and_tag(string reference, string registry, string repository, string? tag)
    {
        var parsed = ImageReference.Parse(reference);
        Assert.Equal((registry, repository, tag), (parsed.Registry, parsed.Repository, parsed.Tag));
    }

    [Fact]
    public void Keeps_a_digest_apart_from_the_tag()
    {
        var parsed = ImageReference.Parse("reg:5000/a/b:t@sha256:0123");
        Assert.Equal(("reg:5000/a/b", "t", "sha256:0123"), (parsed.Repository, parsed.Tag, parsed.Digest));
    }

    [Fact]
    public void Rejects_a_reference_with_spaces() =>
        Assert.Contains("not an image reference", Assert.Throws<ArgumentException>(() => ImageReference.Parse("a b:c")).Message);

    static string Config(string key, string userAndPassword) =>
        $$$$"""{"auths":{"{{{{key}}}}":{"auth":"{{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword))}}}}"}}}""";

    [Fact]
    public void Docker_config_auth_is_decoded_for_the_matching_host()
    {
        var credential = RegistryCredentials.FromConfig(Config("ghcr.io", "bot:s3:cret"), "ghcr.io");
        Assert.Equal(new RegistryCredential("bot", "s3:cret"), credential);
        Assert.Null(RegistryCredentials.FromConfig(Config("ghcr.io", "bot:x"), "quay.io"));
        Assert.NotNull(RegistryCredentials.FromConfig(Config("https://index.docker.io/v1/", "u:p"), "docker.io"));
        Assert.NotNull(RegistryCredentials.FromConfig(Config("https://127.0.0.1:5000", "u:p"), "127.0.0.1:5000"));
    }

    [Fact]
    public void Environment_credentials_win_over_the_docker_config()
    {
        var directory = Directory.CreateTempSubdirectory("strata-dockercfg-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "config.json"), Config("ghcr.io", "fromconfig:p"));
            var environment = new DockerEnvironment { ConfigDirectory = directory };
            Assert.Equal("fromconfig", RegistryCredentials.For("ghcr.io", environment)?.Username);
            Assert.Equal("fromenv", RegistryCredentials.For("ghcr.io", environment with { RegistryUsername = "fromenv", RegistryPassword = "p", RegistryHost = "ghcr.io" })?.Username);
            Assert.Null(RegistryCredentials.For("quay.io", environment));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_broken_config_is_named_in_the_error() =>
        Assert.Contains("not valid JSON", Assert.Throws<InvalidOperationException>(() => RegistryCredentials.FromConfig("{", "ghcr.io", "/x/config.json")).Message);
}
