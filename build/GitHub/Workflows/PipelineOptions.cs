using System.Text.RegularExpressions;

namespace Strata.GitHub.Workflows;

public sealed record PipelineOptions
{
    /// <summary>How many backend matrix shards the derivation emits (<c>matrix-0</c> …); one job per shard.</summary>
    public int BackendShardCount { get; init; } = 1;
    /// <summary>How many merge jobs the derivation's merges need (<c>merge-0</c> …); 0 when no tag-suffix has legs.</summary>
    public int MergeShardCount { get; init; }
    /// <summary>Where legs write their digest files and merges read them back from the legs' artifacts (<c>--digests-dir</c>).</summary>
    public string DigestsDirectory { get; init; } = ".nuke/temp/digests";
    public bool HasDarwin { get; init; }
    public string DefaultBranch { get; init; } = "main";
    public IReadOnlyList<string> ReleaseTagPatterns { get; init; } = ["v*"];
    /// <summary>When the publishing workflow rebuilds everything each week (cron, UTC): bases refresh per ISO week.</summary>
    public string WeeklySchedule { get; init; } = "17 4 * * 1";
    /// <summary>
    /// Passed to the targets as <c>--base-repo</c> when set; may hold expressions such as <c>${{ github.repository }}</c>.
    /// The derive job lower-cases it once (image repositories are lower case, GitHub owners and repositories need not
    /// be) and every other job reads the result from the derive job's outputs.
    /// </summary>
    public string? BaseRepo { get; init; }
    /// <summary>Passed to the targets as <c>--backend-repo</c> when set; may hold expressions.</summary>
    public string? BackendRepo { get; init; }
    /// <summary>The registry host logged in to before pushing; null means Docker Hub.</summary>
    public string? Registry { get; init; }
    public RegistrySecretNames RegistrySecrets { get; init; } = RegistrySecretNames.Default;
    public PipelineTargets Targets { get; init; } = PipelineTargets.Default;
    /// <summary>The options the jobs pass to the targets, as the build declares them.</summary>
    public PipelineParameters Parameters { get; init; } = PipelineParameters.Default;
    /// <summary>Longest a base or backend job may run; every job has a limit, so a hung build cannot hold a runner for 6 hours.</summary>
    public int BuildTimeoutMinutes { get; init; } = 180;
    public string DotNetVersion { get; init; } = "10.0.x";
    /// <summary>
    /// A label actionlint knows: the linter our tests run (1.6.x) reports newer pinned labels
    /// such as <c>macos-14</c> as unknown, while <c>macos-latest</c> is an Apple Silicon runner.
    /// </summary>
    public string DarwinRunsOn { get; init; } = "macos-latest";
    public string WorkflowDirectory { get; init; } = ".github/workflows";

    private static Regex SecretName() => secretName ??= new("^[A-Za-z_][A-Za-z0-9_]*$");
    static Regex? secretName;

    private static Regex TargetName() => targetName ??= new("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    static Regex? targetName;

    public void Validate()
    {
        if (BackendShardCount < 1)
            throw new ArgumentOutOfRangeException(nameof(BackendShardCount), BackendShardCount,
                $"{nameof(PipelineOptions)}.{nameof(BackendShardCount)} must be at least 1 (one backend job per matrix shard)");
        foreach (var (name, value) in new[] { ("Username", RegistrySecrets.Username), ("Password", RegistrySecrets.Password) })
            if (!SecretName().IsMatch(value))
                throw new ArgumentException(
                    $"{nameof(PipelineOptions)}.{nameof(RegistrySecrets)}.{name} '{value}' is not a secret name (letters, digits and '_', not starting with a digit)");
        if (MergeShardCount < 0)
            throw new ArgumentOutOfRangeException(nameof(MergeShardCount), MergeShardCount, $"{nameof(PipelineOptions)}.{nameof(MergeShardCount)} cannot be negative");
        foreach (var (name, value) in new[] { ("Derive", Targets.Derive), ("BuildBase", Targets.BuildBase), ("BuildBackend", Targets.BuildBackend), ("MergeBackend", Targets.MergeBackend), ("MergeBase", Targets.MergeBase) })
            if (!TargetName().IsMatch(value))
                throw new ArgumentException($"{nameof(PipelineOptions)}.{nameof(Targets)}.{name} '{value}' is not a target name");
        foreach (var (name, option) in Parameters.All)
            if (!PipelineParameters.OptionPattern().IsMatch(option))
                throw new ArgumentException($"{nameof(PipelineOptions)}.{nameof(Parameters)}.{name} '{option}' is not an option (--lower-case-words)");
        if (BuildTimeoutMinutes < 1)
            throw new ArgumentOutOfRangeException(nameof(BuildTimeoutMinutes), BuildTimeoutMinutes, "a job needs at least one minute");
        if (string.IsNullOrWhiteSpace(DefaultBranch))
            throw new ArgumentException($"{nameof(PipelineOptions)}.{nameof(DefaultBranch)} is empty");
        if (string.IsNullOrWhiteSpace(DarwinRunsOn))
            throw new ArgumentException($"{nameof(PipelineOptions)}.{nameof(DarwinRunsOn)} is empty");
    }
}
