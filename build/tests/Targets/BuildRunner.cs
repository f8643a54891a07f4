using Strata.Engine;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Targets;

sealed record TargetRun(int ExitCode, string Output);

/// <summary>
/// Runs the real <see cref="Build"/> in process against a scratch copy of the repository's inputs, with an injected
/// environment, so tests can edit files and read outputs without touching the checkout.
/// </summary>
sealed class ScratchRepository : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("strata-targets-").FullName;

    public ScratchRepository()
    {
        foreach (var directory in new[] { ".nuke", ".github", ".docker/bases" })
            Copy(Path.Combine(RepoPaths.Root, directory), Path.Combine(Root, directory));
        File.Delete(Path.Combine(Root, ".nuke", "build.schema.json"));
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    public TargetRun Run(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run(environment, new StringWriter(), default, args);

    /// <summary>Runs with a console of the test's choosing and an abort token (Ctrl-C as the engine sees it).</summary>
    public TargetRun Run(IReadOnlyDictionary<string, string>? environment, StringWriter output, CancellationToken abort, params string[] args)
    {
        var exitCode = NukeBuild.Execute<Build>(new BuildInvocation(args)
        {
            Environment = environment ?? new Dictionary<string, string>(),
            RootDirectory = Root,
            Output = output,
            Abort = abort,
        });
        return new TargetRun(exitCode, output.ToString());
    }

    public TargetRun Run(params string[] args) => Run(null, args);

    static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}temp{Path.DirectorySeparatorChar}")) continue;
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
