namespace Strata.Images;

/// <summary>A reachable engine with the build driver chosen for it: what a target needs to build images.</summary>
public sealed class DockerSession : IDisposable
{
    DockerSession(DockerEngine engine, IBuildDriver driver, string engineVersion)
    {
        Engine = engine;
        Driver = driver;
        EngineVersion = engineVersion;
        Bases = new BaseImageBuild(engine, driver);
        Backends = new BackendImageBuild(engine, driver);
    }

    public DockerEngine Engine { get; }
    public IBuildDriver Driver { get; }
    public string EngineVersion { get; }
    public BaseImageBuild Bases { get; }
    public BackendImageBuild Backends { get; }

    /// <summary>Connects (or throws <see cref="EngineUnreachableException"/>) and picks buildx or the engine's BuildKit.</summary>
    public static async Task<DockerSession> ConnectAsync(DockerEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        var engine = new DockerEngine(environment ?? DockerEnvironment.FromProcessEnvironment());
        try
        {
            var version = await engine.ConnectAsync(cancellationToken);
            var driver = await BuildDrivers.DetectAsync(engine, cancellationToken);
            Strata.Engine.Log.Info($"Docker engine {version} at {engine.Environment.EffectiveHost}, building with {driver.Name} ({driver.Cli})");
            return new DockerSession(engine, driver, version);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public void Dispose() => Engine.Dispose();
}
