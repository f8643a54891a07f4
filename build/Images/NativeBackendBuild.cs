using Strata.Engine;

namespace Strata.Images;

/// <summary>
/// Builds a backend without Docker (macOS runners have none): its Makefile's <c>package</c> target, archived as
/// one tarball that the workflow uploads.
/// </summary>
public static class NativeBackendBuild
{
    public static async Task<string> RunAsync(string sourceDirectory, string archivePath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(sourceDirectory, "Makefile")))
            throw new ImageBuildException($"{sourceDirectory} has no Makefile, so it cannot be built natively");
        var make = await ProcessTasks.RunAsync("make", ["-C", sourceDirectory, "package"], cancellationToken: cancellationToken);
        if (!make.Succeeded)
            throw new ImageBuildException($"make -C {sourceDirectory} package failed with exit code {make.ExitCode}");

        // The archive appears under its name only once complete: an interrupted or failed tar leaves no partial package.
        using var output = new OutputFiles();
        var temp = output.Reserve(archivePath);
        var package = Path.Combine(sourceDirectory, "package");
        var tar = await ProcessTasks.RunAsync("tar", ["-czf", temp, "-C", package, "."], cancellationToken: cancellationToken);
        if (!tar.Succeeded)
            throw new ImageBuildException($"archiving {package} into {archivePath} failed: {tar.StandardError.Trim()}");
        output.Commit(cancellationToken);
        return $"archived {Path.GetFileName(archivePath)}";
    }
}
