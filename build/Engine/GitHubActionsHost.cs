namespace Strata.Engine;

/// <summary>Workflow commands and the step summary, written only when running on GitHub Actions.</summary>
internal sealed class GitHubActionsHost(bool enabled, string? stepSummaryPath)
{
    public static readonly GitHubActionsHost None = new(false, null);

    public bool Enabled { get; } = enabled;

    public static GitHubActionsHost From(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("GITHUB_ACTIONS") == "true"
            ? new GitHubActionsHost(true, environment.GetValueOrDefault("GITHUB_STEP_SUMMARY"))
            : None;

    public void BeginGroup(string name) => Command($"::group::{WorkflowCommandText.EscapeData(name)}");
    public void EndGroup() => Command("::endgroup::");
    public void Error(string message) => Command($"::error::{WorkflowCommandText.EscapeData(message)}");

    /// <summary>Asks the runner to mask a secret everywhere in the job's log, tool output included.</summary>
    public void AddMask(string secret)
    {
        if (Enabled && !string.IsNullOrEmpty(secret)) Log.CurrentSink?.WriteCommand($"::add-mask::{WorkflowCommandText.EscapeData(secret)}", masked: false);
    }

    public void AppendStepSummary(string markdown)
    {
        if (!Enabled || string.IsNullOrEmpty(stepSummaryPath)) return;
        File.AppendAllText(stepSummaryPath, (Log.CurrentSink?.Mask(markdown) ?? markdown) + "\n");
    }

    void Command(string line)
    {
        if (Enabled) Log.CurrentSink?.WriteCommand(line);
    }
}
