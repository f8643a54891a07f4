using Strata.Engine;

namespace Strata.GitHub.Rehearsal;

/// <summary>Runs a <c>run:</c> step's script text with bash as the runner does, with its step files.</summary>
public static class StepRunner
{
    /// <summary>GitHub's command for <c>run:</c> without <c>shell:</c> is <c>bash -e {0}</c>; with <c>shell: bash</c> it adds pipefail.</summary>
    public static IReadOnlyList<string> ShellArguments(string? shell, string scriptFile) => shell switch
    {
        null or "" => ["-e", scriptFile],
        "bash" => ["--noprofile", "--norc", "-eo", "pipefail", scriptFile],
        "sh" => throw new RehearsalException("shell: sh is not rehearsed (the generator emits bash only)"),
        _ => throw new RehearsalException($"shell: '{shell}' is not rehearsed; the generator emits bash only"),
    };

    public static async Task<StepResult> RunAsync(string script, string? shell, string directory, string workspace,
        IReadOnlyDictionary<string, string?> environment, StepFiles files, CancellationToken cancellationToken)
    {
        var scriptFile = Path.Combine(directory, "script.sh");
        await File.WriteAllTextAsync(scriptFile, script, cancellationToken);
        var processEnvironment = ClearedEnvironment();
        foreach (var (name, value) in environment) processEnvironment[name] = value;
        var result = await ProcessTasks.RunAsync("bash", ShellArguments(shell, scriptFile), new ProcessOptions
        {
            WorkingDirectory = workspace,
            Environment = processEnvironment,
        }, cancellationToken);
        foreach (var line in result.StandardOutput.Split('\n'))
            if (line.StartsWith("::add-mask::", StringComparison.Ordinal))
                Log.CurrentSink?.AddSecret(line["::add-mask::".Length..].TrimEnd('\r'));
        return result.Succeeded
            ? StepResult.Success(StepFiles.ReadAssignments(files.Output))
            : StepResult.Failed($"exit code {result.ExitCode}");
    }

    /// <summary>Every inherited variable removed: a step sees the runner environment and nothing of the rehearsing process.</summary>
    static Dictionary<string, string?> ClearedEnvironment()
    {
        var cleared = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
            cleared[(string)variable.Key] = null;
        return cleared;
    }
}
