using Strata.Engine;

namespace Strata.Images;

public static class BuildDrivers
{
    public const string EngineClient = "/usr/bin/docker";

    /// <summary>
    /// buildx when the PATH docker has it (GitHub runners); otherwise the engine's BuildKit through a client that
    /// still honours DOCKER_BUILDKIT=1 (DOCKER_CLI, else the distro's /usr/bin/docker) — newer clients without
    /// buildx refuse that variable.
    /// </summary>
    public static async Task<IBuildDriver> DetectAsync(DockerEngine engine, CancellationToken cancellationToken = default)
    {
        var environment = engine.Environment;
        if (await SucceedsAsync("docker", ["buildx", "version"], environment, cancellationToken))
            return new BuildxDriver("docker", environment);
        var client = environment.Cli ?? (File.Exists(EngineClient) ? EngineClient : null);
        if (client is not null)
            return new EngineBuildDriver(client, engine);
        throw new InvalidOperationException(
            "no BuildKit-capable docker client: `docker buildx version` failed and there is no engine client " +
            $"({EngineClient} absent, DOCKER_CLI not set). Install buildx, or `apt-get install docker.io`, or set DOCKER_CLI to a docker client that supports DOCKER_BUILDKIT=1.");
    }

    static async Task<bool> SucceedsAsync(string tool, string[] arguments, DockerEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessTasks.RunAsync(tool, arguments,
                new ProcessOptions { Environment = environment.CliEnvironment(), LogOutput = false }, cancellationToken);
            return result.Succeeded;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
