using System.Collections.Concurrent;
using Strata.Engine;

namespace Strata.Tests.Engine;

sealed class TempRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("strata-engine-").FullName;

    public TempRoot() => Directory.CreateDirectory(System.IO.Path.Combine(Path, ".nuke"));

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

sealed record RunResult(int ExitCode, string Output);

/// <summary>Runs a test build with injected arguments, environment and root directory.</summary>
static class Harness
{
    public static RunResult Run<T>(T build, params string[] args) where T : NukeBuild =>
        Run(build, args, new Dictionary<string, string>());

    public static RunResult Run<T>(T build, string[] args, Dictionary<string, string> environment, TempRoot? root = null,
        CancellationToken abort = default, System.Linq.Expressions.Expression<Func<T, Target>>[]? defaults = null) where T : NukeBuild
    {
        using var ownRoot = root is null ? new TempRoot() : null;
        var output = new StringWriter();
        var invocation = new BuildInvocation(args)
        {
            Environment = environment,
            RootDirectory = (root ?? ownRoot!).Path,
            Output = output,
            Abort = abort,
        };
        var exitCode = NukeBuild.Execute(build, invocation, defaults ?? []);
        return new RunResult(exitCode, output.ToString());
    }

    public static string[] Lines(this RunResult result) =>
        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static string StatusOf(this RunResult result, string target)
    {
        var row = result.Lines().Last(line => line.StartsWith(target + " ", StringComparison.Ordinal));
        return row[target.Length..].Trim().Split(' ', 2)[0];
    }

    public static string RowOf(this RunResult result, string target) =>
        result.Lines().Last(line => line.StartsWith(target + " ", StringComparison.Ordinal));
}

/// <summary>A test build that records which targets ran, in order.</summary>
abstract class RecordingBuild : NukeBuild
{
    public ConcurrentQueue<string> Ran { get; } = new();
    protected void Record(string name) => Ran.Enqueue(name);
}
