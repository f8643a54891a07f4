using Strata.Engine;
using Strata.Images;

namespace Strata.Tests.Images;

/// <summary>A test probe: asks a registry whether a reference exists, without pulling it, through the driver's CLI.</summary>
public sealed class RegistryManifests(IBuildDriver driver, DockerEnvironment environment)
{
    public async Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken = default)
    {
        string[] arguments = driver.Name == "buildx"
            ? ["buildx", "imagetools", "inspect", reference]
            : ["manifest", "inspect", "--insecure", reference];
        var result = await ProcessTasks.RunAsync(driver.Cli, arguments,
            new ProcessOptions { Environment = environment.CliEnvironment(), LogOutput = false }, cancellationToken);
        if (!result.Succeeded)
            Log.Verbose($"{reference} not at its registry: {result.StandardError.ReplaceLineEndings(" ").Trim()}");
        return result.Succeeded;
    }
}
