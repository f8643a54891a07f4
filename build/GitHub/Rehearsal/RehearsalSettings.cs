namespace Strata.GitHub.Rehearsal;

/// <summary>The events a rehearsal can play; each selects the workflows whose <c>on:</c> lists it.</summary>
public static class RehearsalEvents
{
    public const string Push = "push", PullRequest = "pull_request", WorkflowDispatch = "workflow_dispatch", Schedule = "schedule";
    public static readonly IReadOnlyList<string> All = [Push, PullRequest, WorkflowDispatch, Schedule];
}

/// <summary>
/// One rehearsal: the event and its payload facts, the repository variables and secrets, the runner environment every
/// step starts from, and where the run's files go. <see cref="RowFilter"/> keeps matrix rows whose value of each named
/// key is one of the listed values (rows without the key are kept).
/// </summary>
public sealed record RehearsalSettings
{
    public required string EventName { get; init; }
    public required string Workspace { get; init; }
    public required string RunDirectory { get; init; }
    public required string Repository { get; init; }
    public required string Sha { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public string? Ref { get; init; }
    public int PullRequest { get; init; } = 1;
    public bool Fork { get; init; }
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> RunnerEnvironment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RowFilter { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>The registry a <c>docker/login-action</c> step logs in to instead of the one it names.</summary>
    public string? LocalRegistry { get; init; }

    public string GitRef => Ref ?? (EventName == RehearsalEvents.PullRequest ? $"refs/pull/{PullRequest}/merge" : $"refs/heads/{DefaultBranch}");

    /// <summary>A fork's pull request gets no secrets, exactly like GitHub.</summary>
    public IReadOnlyDictionary<string, string> EffectiveSecrets => Fork ? new Dictionary<string, string>() : Secrets;

    public void Validate()
    {
        if (!RehearsalEvents.All.Contains(EventName))
            throw new ArgumentException($"--event: '{EventName}' is not valid; valid values: {string.Join(", ", RehearsalEvents.All)}");
        if (Fork && EventName != RehearsalEvents.PullRequest)
            throw new ArgumentException($"--fork: only a pull_request comes from a fork, not a {EventName}");
        if (PullRequest < 1)
            throw new ArgumentException($"--pr: {PullRequest} is not a pull request number (1 or more)");
    }
}
