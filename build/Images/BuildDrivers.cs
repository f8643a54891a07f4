using Strata.Engine;

namespace Strata.Images;

public static class BuildDrivers
{
    public const string EngineClient = "/usr/bin/docker";

    /// <summary>
    /// buildx when the PATH docker has it (GitHub runners) and its builder can export a registry cache;
    /// otherwise the engine's BuildKit with inline cache, through a client that honours DOCKER_BUILDKIT=1:
    /// buildx's own "docker" builder (which cannot export registry caches), else DOCKER_CLI, else the distro's
    /// /usr/bin/docker — newer clients without buildx refuse that variable.
    /// </summary>
    public static async Task<IBuildDriver> DetectAsync(DockerEngine engine, CancellationToken cancellationToken = default)
    {
        var environment = engine.Environment;
        if (await RunAsync("docker", ["buildx", "version"], environment, cancellationToken) is not null)
        {
            var inspect = await RunAsync("docker", ["buildx", "inspect"], environment, cancellationToken);
            if (inspect is not null && BuilderDriver(inspect) != "docker")
                return new BuildxDriver("docker", environment);
            Log.Verbose("the buildx builder uses the docker driver, which cannot export registry caches: using the engine's BuildKit with inline cache");
            return new EngineBuildDriver(environment.Cli ?? "docker", engine);
        }
        var client = environment.Cli ?? (File.Exists(EngineClient) ? EngineClient : null);
        if (client is not null)
            return new EngineBuildDriver(client, engine);
        throw new InvalidOperationException(
            "no BuildKit-capable docker client: `docker buildx version` failed and there is no engine client " +
            $"({EngineClient} absent, DOCKER_CLI not set). Install buildx, or `apt-get install docker.io`, or set DOCKER_CLI to a docker client that supports DOCKER_BUILDKIT=1.");
    }

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
