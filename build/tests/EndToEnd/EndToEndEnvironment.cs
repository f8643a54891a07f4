using System.Runtime.InteropServices;
using System.Text.Json;
using Strata.Engine;
using Strata.Images;
using Strata.Matrix;
using Strata.Matrix.Changes;
using Strata.Tests.Images;

namespace Strata.Tests.EndToEnd;

/// <summary>All end-to-end classes share one engine, so they run one after another, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}

/// <summary>
/// The real engine, registry and OS image from the env file of <see cref="Under"/> (by default the old engine's
/// /run/strata/env), plus repositories unique to one test class
/// (<c>&lt;registry&gt;/strata-e2e-&lt;guid8&gt;/…</c>) whose images are removed afterwards, locally and in the registry.
/// A missing env file or an unreachable engine fails every test of the class (never skips it).
/// </summary>
public class EndToEndEnvironment : IAsyncLifetime
{
    public const string ClassicDockerCli = "/usr/bin/docker";
    const string BaseRepoName = "ci-cache", BackendRepoName = "backends";

    readonly List<string> _prefixes = [];

    /// <summary>The engine these tests run against; subclasses for the buildx engine override it.</summary>
    public virtual TestEngine Under => TestEngine.Classic;
    /// <summary>The docker client of that engine: the env file's DOCKER_CLI, else the distro's /usr/bin/docker.</summary>
    public string DockerCli { get; private set; } = ClassicDockerCli;
    public string Registry { get; private set; } = null!;
    public string OsImage { get; private set; } = null!;
    public string? Network { get; private set; }
    public DockerEnvironment Docker { get; private set; } = null!;
    public DockerEngine Engine { get; private set; } = null!;
    public string BaseRepo { get; private set; } = null!;
    public string BackendRepo { get; private set; } = null!;
    public BuildScript Script { get; private set; } = null!;

    /// <summary>--base-image, --base-repo and --backend-repo of this class, to append to every target call.</summary>
    public string[] RepoArguments => ["--base-image", OsImage, "--base-repo", BaseRepo, "--backend-repo", BackendRepo];

    public static string HostPlatform => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux/arm64" : "linux/amd64";

    public virtual async Task InitializeAsync()
    {
        var file = Under.EnvFile;
        if (!File.Exists(file))
            throw new InvalidOperationException($"{file} is missing: start the {Under.Name} engine with `sudo {Under.SetupScript}` first");
        var values = DockerFixture.ReadEnvFile(file);
        string Require(string name) => values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"{file} does not set {name}");
        Registry = Require("STRATA_REGISTRY");
        OsImage = Require("STRATA_OS_IMAGE");
        Network = values.GetValueOrDefault("DOCKER_NETWORK") is { Length: > 0 } network ? network : null;
        var cli = values.GetValueOrDefault("DOCKER_CLI") is { Length: > 0 } client ? client : null;
        DockerCli = cli ?? ClassicDockerCli;
        Docker = new DockerEnvironment { Host = Require("DOCKER_HOST"), Network = Network, Cli = cli };
        Engine = new DockerEngine(Docker);
        await Engine.ConnectAsync();

        var prefix = UniquePrefix(Registry);
        BaseRepo = $"{prefix}/{BaseRepoName}";
        BackendRepo = $"{prefix}/{BackendRepoName}";
        Script = new BuildScript(BuildScript.FindRepositoryRoot(), new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = Docker.EffectiveHost,
            ["DOCKER_NETWORK"] = Network ?? "",
            ["DOCKER_CLI"] = cli ?? "",
        });
    }

    /// <summary>A fresh <c>&lt;registry&gt;/strata-e2e-&lt;guid8&gt;</c>; its local tags (and registry tags) go at disposal.</summary>
    public string UniquePrefix(string registry)
    {
        var prefix = $"{registry}/strata-e2e-{Guid.NewGuid():N}"[..(registry.Length + 20)];
        lock (_prefixes) _prefixes.Add(prefix);
        return prefix;
    }

    public Task<BuildRun> RunAsync(params string[] arguments) => Script.RunAsync(arguments);

    /// <summary>The derivation BackendAll uses: the project's matrix with the default selection's upstream image replaced by the OS image.</summary>
    public DerivedPlan Plan(int? pullRequest = null) =>
        PlanFor(new BackendFilter { BuildTypes = [""], Platform = HostPlatform }.Matches, pullRequest);

    /// <summary>The derivation a target uses when <c>--base-image</c> replaces the upstream image of the <paramref name="selected"/> entries.</summary>
    public DerivedPlan PlanFor(Func<BackendEntry, bool> selected, int? pullRequest = null) => Derivation.Derive(
        UpstreamImageOverride.Apply(
            MatrixFile.Load(Path.Combine(Script.RepositoryRoot, ".github", "backend-matrix.yaml")),
            OsImage,
            selected),
        new DeriveOptions
        {
            LangsWithBase = BaseRecipes.Discover(Path.Combine(Script.RepositoryRoot, ".docker", "bases")),
            BaseRepo = BaseRepo,
            PullRequest = pullRequest,
            Rules = ChangeRulesFile.Load(Path.Combine(Script.RepositoryRoot, ".github", "backend-rules.yaml"), ".docker/bases"),
        });

    /// <summary>What <c>BackendAll</c> selects by default: CPU entries for the host platform (optionally by name).</summary>
    public IReadOnlyList<DerivedBackend> CpuBackends(params string[] names) => new BackendFilter
    {
        Backends = names,
        BuildTypes = [""],
        Platform = HostPlatform,
    }.Apply(Plan().Backends);

    public async Task<ProcessResult> DockerAsync(params string[] arguments)
    {
        var result = await ProcessTasks.RunAsync(DockerCli, arguments, new ProcessOptions
        {
            Environment = Docker.CliEnvironment(new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "1" }),
            LogOutput = false,
        });
        return result;
    }

    public async Task<string> DockerOkAsync(params string[] arguments)
    {
        var result = await DockerAsync(arguments);
        Assert.True(result.Succeeded,
            $"docker {string.Join(" ", arguments)} failed (exit {result.ExitCode}):\n{result.StandardError}\n{result.StandardOutput}");
        return result.StandardOutput.Trim();
    }

    public Task<string> ImageIdAsync(string reference) => DockerOkAsync("image", "inspect", "--format", "{{.Id}}", reference);

    /// <summary>Local tags under one of this class's prefixes, e.g. to prove a -pr tag was never created.</summary>
    public async Task<IReadOnlyList<string>> LocalTagsAsync(string repository)
    {
        var listing = await DockerOkAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public virtual async Task DisposeAsync()
    {
        if (Engine is null) return;
        var listing = await DockerAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}");
        var ours = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(reference => _prefixes.Any(prefix => reference.StartsWith(prefix + "/", StringComparison.Ordinal)));
        foreach (var reference in ours)
            await Engine.RemoveAsync(reference);
        await RegistryCleanup.DeleteTagsAsync(Registry, _prefixes
            .Where(prefix => prefix.StartsWith(Registry + "/", StringComparison.Ordinal))
            .SelectMany(prefix => new[] { BaseRepoName, BackendRepoName }.Select(name => $"{prefix[(Registry.Length + 1)..]}/{name}")));
        Engine.Dispose();
    }
}

/// <summary>Deletes the manifests a test pushed (cache refs) from the plain-HTTP test registry; best effort.</summary>
static class RegistryCleanup
{
    const string ManifestTypes = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";

    public static async Task DeleteTagsAsync(string registry, IEnumerable<string> repositories)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry}/v2/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            foreach (var repository in repositories)
            {
                using var listing = await http.GetAsync($"{repository}/tags/list");
                if (!listing.IsSuccessStatusCode) continue;
                using var tags = JsonDocument.Parse(await listing.Content.ReadAsStringAsync());
                if (tags.RootElement.GetProperty("tags") is not { ValueKind: JsonValueKind.Array } tagList) continue;
                foreach (var tag in tagList.EnumerateArray().Select(tag => tag.GetString()!))
                {
                    using var head = new HttpRequestMessage(HttpMethod.Head, $"{repository}/manifests/{tag}");
                    head.Headers.TryAddWithoutValidation("Accept", ManifestTypes);
                    using var response = await http.SendAsync(head);
                    if (response.Headers.TryGetValues("Docker-Content-Digest", out var digests) && digests.FirstOrDefault() is { } digest)
                        await http.DeleteAsync($"{repository}/manifests/{digest}");
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Leftover tags in a throwaway registry cost disk, not correctness.
        }
    }
}
