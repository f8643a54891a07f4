using Strata.Engine;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Bootstrap;

public sealed record BootstrapRun(IReadOnlyList<string> Arguments, int ExitCode, string Output, string Error)
{
    public override string ToString() =>
        $"./build.sh {string.Join(' ', Arguments)} → exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Copies of the repository as far as <c>./build.sh</c> needs it, and calls of their <c>build.sh</c> as a user's shell makes them.</summary>
static class BootstrapScript
{
    /// <summary>What <c>./build.sh --help</c> needs from the repository: the bootstrap, the SDK pin, the shared MSBuild files, .nuke/ and the build sources.</summary>
    public static string CopyRepository(string scratch, string name)
    {
        var target = Path.Combine(scratch, name);
        Directory.CreateDirectory(Path.Combine(target, ".nuke"));
        foreach (var file in new[] { "build.sh", "global.json", ".nuke/parameters.json", ".nuke/build.schema.json",
                     "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
            if (File.Exists(Path.Combine(RepoPaths.Root, file)))
                File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(target, file));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(target, "build.sh"), File.GetUnixFileMode(Path.Combine(RepoPaths.Root, "build.sh")));
        var build = Path.Combine(RepoPaths.Root, "build");
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(build, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "tests" or "benchmarks" or "bin" or "obj") continue;
            var destination = Path.Combine(target, "build", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(destination, File.GetUnixFileMode(file));
        }
    }

    /// <summary>
    /// <c>ROOT/build.sh ARGUMENTS</c> from ROOT with only PATH, HOME, NUGET_PACKAGES and DOTNET_* of the test runner's
    /// environment (MSBuild's variables in particular stay out) and the machine's cache of compiled builds in the copy's
    /// own .nuke/ (a test's variants of the sources stay out of the user's), then <paramref name="environment"/>.
    /// </summary>
    public static async Task<BootstrapRun> RunAsync(string root, IReadOnlyList<string> arguments, params (string Name, string Value)[] environment)
    {
        var variables = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!(name is "PATH" or "HOME" or "NUGET_PACKAGES" || name.StartsWith("DOTNET_", StringComparison.Ordinal)))
                variables[name] = null;
        }
        variables["STRATA_BUILD_CACHE"] = Path.Combine(root, ".nuke", "test-build-cache");
        foreach (var (name, value) in environment)
            variables[name] = value;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var result = await ProcessTasks.RunAsync(Path.Combine(root, "build.sh"), arguments, new ProcessOptions
        {
            WorkingDirectory = root,
            Environment = variables,
            LogOutput = false,
        }, timeout.Token);
        return new BootstrapRun(arguments, result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
