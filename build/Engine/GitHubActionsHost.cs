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

    public void BeginGroup(string name) => Command($"::group::{name}");
    public void EndGroup() => Command("::endgroup::");
    public void Error(string message) => Command($"::error::{Escape(message)}");

    public void AppendStepSummary(string markdown)
    {
        if (!Enabled || string.IsNullOrEmpty(stepSummaryPath)) return;
        File.AppendAllText(stepSummaryPath, (Log.CurrentSink?.Mask(markdown) ?? markdown) + "\n");
    }

    void Command(string line)
    {
        if (Enabled) Log.CurrentSink?.WriteLines(line);
    }

    static string Escape(string message) =>
        message.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
}
