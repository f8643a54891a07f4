using System.Collections;
using Strata.Engine;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// Runs the real <c>./build.sh</c> from the repository root as a user would, with an environment built from scratch:
/// nothing of the test runner leaks in (no LANG, which binds to --lang; no GITHUB_EVENT_PATH; no MSBuild variables).
/// </summary>
public sealed class BuildScript(string repositoryRoot, IReadOnlyDictionary<string, string> environment)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Variables passed through from the runner: what dotnet and the docker CLI need, and nothing else.</summary>
    static readonly string[] PassedThrough = ["PATH", "HOME", "CI", "NUGET_PACKAGES"];

    public string RepositoryRoot { get; } = repositoryRoot;

    /// <summary>
    /// The child environment: PATH, HOME, DOTNET_*, CI from the runner; DOCKER_HOST and DOCKER_NETWORK from the env file.
    /// A value of null in <paramref name="overrides"/> removes the variable.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ChildEnvironment(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var child = new Dictionary<string, string?>();
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (PassedThrough.Contains(name) || name.StartsWith("DOTNET_", StringComparison.Ordinal))
                child[name] = (string?)variable.Value;
        }
        foreach (var (name, value) in environment)
            child[name] = value;
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
            child[name] = value;
        return child;
    }

    public async Task<BuildRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? overrides = null, TimeSpan? timeLimit = null)
    {
        var child = ChildEnvironment(overrides);
        // ProcessTasks adds to the inherited environment; removing every other variable makes it explicit.
        var processEnvironment = new Dictionary<string, string?>();
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
            processEnvironment[(string)variable.Key] = null;
        foreach (var (name, value) in child)
            processEnvironment[name] = value;

        var argumentList = arguments.ToList();
        using var timeout = new CancellationTokenSource(timeLimit ?? Timeout);
        var started = DateTimeOffset.UtcNow;
        var result = await ProcessTasks.RunAsync(Path.Combine(RepositoryRoot, "build.sh"), argumentList, new ProcessOptions
        {
            WorkingDirectory = RepositoryRoot,
            Environment = processEnvironment,
            LogOutput = false,
        }, timeout.Token);
        return new BuildRun(argumentList, result.ExitCode, result.StandardOutput, result.StandardError, DateTimeOffset.UtcNow - started);
    }

    public Task<BuildRun> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    /// <summary>The directory holding <c>.nuke/</c> and <c>build.sh</c>, found by walking up from the test assembly.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")) && File.Exists(Path.Combine(directory.FullName, "build.sh")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no directory containing .nuke/ and build.sh above {AppContext.BaseDirectory}");
    }
}
