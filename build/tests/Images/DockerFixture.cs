using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>
/// The real engine and registry started by <c>.ci/docker-up.sh</c>, read from /run/strata/env rather than from
/// the test runner's environment. Absent → every test in the class fails with the reason.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string EnvFile = "/run/strata/env";

    readonly List<string> _createdImages = [];

    public DockerEnvironment Environment { get; private set; } = null!;
    public DockerSession Session { get; private set; } = null!;
    public DockerEngine Engine { get; private set; } = null!;
    public IBuildDriver Driver { get; private set; } = null!;
    public string Registry { get; private set; } = null!;
    public string OsImage { get; private set; } = null!;
    public string EngineVersion { get; private set; } = null!;
    /// <summary>A repository unique to this run, so runs and parallel helpers never see each other's tags.</summary>
    public string Repository { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(EnvFile))
            throw new InvalidOperationException($"{EnvFile} is missing: start the engine and registry with `sudo .ci/docker-up.sh` first");
        var values = ReadEnvFile(EnvFile);
        string Require(string name) => values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"{EnvFile} does not set {name}");
        Environment = new DockerEnvironment
        {
            Host = Require("DOCKER_HOST"),
            Network = values.GetValueOrDefault("DOCKER_NETWORK") is { Length: > 0 } network ? network : null,
        };
        Registry = Require("STRATA_REGISTRY");
        OsImage = Require("STRATA_OS_IMAGE");
        Repository = $"{Registry}/strata-tests/images-{Guid.NewGuid():N}"[..(Registry.Length + 34)];
        Session = await DockerSession.ConnectAsync(Environment);
        Engine = Session.Engine;
        Driver = Session.Driver;
        EngineVersion = Session.EngineVersion;
    }

    /// <summary>A one-file FROM scratch image under <paramref name="reference"/>: quick to push anywhere.</summary>
    public async Task<string> TinyImageAsync(string reference)
    {
        var context = Path.Combine(TestData.Directory(), "tiny");
        await Driver.BuildAsync(new ImageBuildRequest { Dockerfile = Path.Combine(context, "Dockerfile"), ContextDir = context, Tags = [reference] });
        return reference;
    }

    public string Tag(string name)
    {
        var tag = $"{Repository}:{name}";
        lock (_createdImages) _createdImages.Add(tag);
        return tag;
    }

    public async Task DisposeAsync()
    {
        if (Session is null) return;
        foreach (var image in _createdImages)
            await Engine.RemoveAsync(image);
        Session.Dispose();
    }

    internal static Dictionary<string, string> ReadEnvFile(string path)
    {
        var values = new Dictionary<string, string>();
        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.StartsWith("export ")) line = line["export ".Length..].Trim();
            var equals = line.IndexOf('=');
            if (line.StartsWith('#') || equals <= 0) continue;
            values[line[..equals]] = line[(equals + 1)..].Trim().Trim('"', '\'');
        }
        return values;
    }
}

/// <summary>The real driver, counting how often it is asked to build.</summary>
sealed class CountingDriver(IBuildDriver inner) : IBuildDriver
{
    int _builds;
    public int Builds => _builds;
    public string Name => inner.Name;
    public string Cli => inner.Cli;

    public Task<BuildResult> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _builds);
        return inner.BuildAsync(request, cancellationToken);
    }
}
