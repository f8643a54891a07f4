using Strata.Engine;

namespace Strata.Images;

public static class BuildDrivers
{
    public const string EngineClient = "/usr/bin/docker";

    /// <summary>
    /// buildx when the client (DOCKER_CLI, else the PATH docker) has it and its builder can export a registry cache;
    /// otherwise the engine's BuildKit with inline cache, through a client that honours DOCKER_BUILDKIT=1:
    /// DOCKER_CLI, else the PATH docker when it has buildx, else the distro's /usr/bin/docker — newer clients
    /// without buildx refuse that variable.
    /// </summary>
    public static async Task<IBuildDriver> DetectAsync(DockerEngine engine, CancellationToken cancellationToken = default)
    {
        var environment = engine.Environment;
        var client = environment.Cli ?? "docker";
        if (await RunAsync(client, ["buildx", "version"], environment, cancellationToken) is not null)
        {
            var inspect = await RunAsync(client, ["buildx", "inspect"], environment, cancellationToken);
            var builder = inspect is null ? null : BuilderDriver(inspect);
            var containerdStore = builder == "docker" && await engine.UsesContainerdImageStoreAsync(cancellationToken);
            if (ExportsRegistryCache(builder, containerdStore))
            {
                Log.Verbose($"buildx builder driver {builder}{(containerdStore ? " on the containerd image store" : "")}: registry caches, multi-platform pushes");
                return new BuildxDriver(client, environment, dockerBuilder: builder == "docker");
            }
            Log.Verbose("the buildx builder uses the docker driver on the classic image store, which cannot export registry caches: using the engine's BuildKit with inline cache");
            return new EngineBuildDriver(client, engine);
        }
        var engineClient = environment.Cli ?? (File.Exists(EngineClient) ? EngineClient : null);
        if (engineClient is not null)
            return new EngineBuildDriver(engineClient, engine);
        throw new InvalidOperationException(
            "no BuildKit-capable docker client: `docker buildx version` failed and there is no engine client " +
            $"({EngineClient} absent, DOCKER_CLI not set). Install buildx, or `apt-get install docker.io`, or set DOCKER_CLI to a docker client that supports DOCKER_BUILDKIT=1.");
    }

    /// <summary>
    /// Whether a buildx builder can write <c>--cache-to type=registry</c>: container, kubernetes and remote builders
    /// always can; the <c>docker</c> driver only when the engine stores images in containerd.
    /// </summary>
    public static bool ExportsRegistryCache(string? builderDriver, bool containerdImageStore) => builderDriver switch
    {
        null => false,
        "docker" => containerdImageStore,
        _ => true,
    };

    /// <summary>The "Driver:" of <c>docker buildx inspect</c> output, e.g. "docker" or "docker-container".</summary>
    public static string? BuilderDriver(string inspectOutput) =>
        inspectOutput.Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("Driver:", StringComparison.Ordinal))?["Driver:".Length..].Trim();

    static async Task<string?> RunAsync(string tool, string[] arguments, DockerEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessTasks.RunAsync(tool, arguments,
                new ProcessOptions { Environment = environment.CliEnvironment(), LogOutput = false }, cancellationToken);
            return result.Succeeded ? result.StandardOutput : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
