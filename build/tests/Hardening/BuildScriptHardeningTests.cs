using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Strata.Tests.EndToEnd;
using Strata.Tests.Matrix;
using Strata.Tests.Targets;

namespace Strata.Tests.Hardening;

/// <summary>Through the real ./build.sh: a handful of hostile matrices, and SIGTERM during a run.</summary>
public partial class BuildScriptHardeningTests
{
    static readonly string Root = BuildScript.FindRepositoryRoot();
    static readonly BuildScript Script = new(Root, new Dictionary<string, string>());

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(42)]
    [InlineData(101)]
    public async Task A_hostile_matrix_exits_2_with_one_located_error(int seed)
    {
        using var repository = new ScratchRepository();
        var matrix = repository.PathOf("matrix.yaml");
        var json = repository.PathOf("out.json");
        var (yaml, attack) = HostileMatrixFuzzTests.Generate(seed);
        File.WriteAllText(matrix, yaml, new UTF8Encoding(false));

        var run = await Script.RunAsync(["Derive", "--root", repository.Root, "--matrix", matrix, "--base-repo", "r", "--output-json", json],
            new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" });

        var context = $"seed {seed} ({attack}):\n{run.Output}\n{run.Error}";
        Assert.True(run.ExitCode == 2, context);
        var errors = (run.Output + run.Error).Split('\n').Where(line => line.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1 && errors[0].StartsWith($"error: {matrix}:", StringComparison.Ordinal), context);
        Assert.False(File.Exists(json), context);
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    const int SIGTERM = 15;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SIGTERM_stops_a_running_Derive_and_leaves_no_outputs_or_temp_files(int signals)
    {
        using var repository = new ScratchRepository();
        var matrix = repository.PathOf("matrix.yaml");
        var json = repository.PathOf("out.json");
        var githubOutput = repository.PathOf("github-output");
        await File.WriteAllTextAsync(matrix, "linux:\n" + string.Concat(Enumerable.Range(0, 80_000).Select(i => MatrixText.Entry($"-cpu-e{i}", ("backend", "echo")))));
        await Script.RunAsync("--help"); // compiles the build once, outside the timed part

        var start = new ProcessStartInfo(Path.Combine(Root, "build.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var (name, value) in Script.ChildEnvironment(new Dictionary<string, string?> { ["GITHUB_OUTPUT"] = githubOutput }))
            start.Environment[name] = value;
        foreach (var argument in new[] { "Derive", "--root", repository.Root, "--matrix", matrix, "--base-repo", "r", "--output-json", json })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = new StringBuilder();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
        {
            output.AppendLine(line);
            if (line == "> Derive")
                break;
        }
        for (var i = 0; i < signals; i++)
            kill(process.Id, SIGTERM);
        output.Append(await process.StandardOutput.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var context = output + await error;
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {context}");
        Assert.False(File.Exists(json), context);
        Assert.False(File.Exists(githubOutput), context);
        Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
    }
}
