using Strata.Matrix.Changes;

namespace Strata.Matrix;

public sealed record DeriveOptions
{
    /// <summary>Langs that have a base recipe (<c>.docker/bases/Dockerfile.&lt;lang&gt;</c>); see <see cref="BaseRecipes.Discover"/>.</summary>
    public required IReadOnlySet<string> LangsWithBase { get; init; }
    public required string BaseRepo { get; init; }
    /// <summary>Set on a pull request: prebuilt base refs get a <c>-pr&lt;N&gt;</c> suffix.</summary>
    public int? PullRequest { get; init; }
    /// <summary>Null means every entry builds (see <see cref="EverythingReason"/>). Otherwise only entries the rules select for these paths.</summary>
    public IReadOnlyList<string>? ChangedFiles { get; init; }
    /// <summary>Why every entry builds when <see cref="ChangedFiles"/> is null (a tag push, a truncated diff, …), for the report.</summary>
    public string? EverythingReason { get; init; }
    /// <summary>The repository's change rules; they also say which Dockerfile kinds build on which lang's base.</summary>
    public ChangeRules Rules { get; init; } = ChangeRules.None("(no change rules)");
    /// <summary>The matrix path and previous matrix the matrix-edit rule compares against.</summary>
    public ChangeContext Changes { get; init; } = new();
    /// <summary>Most entries per shard of the backend list; the CI host's limit is the caller's to give (no limit by default).</summary>
    public int ShardSize { get; init; } = int.MaxValue;
    /// <summary>Stops a derivation that was interrupted.</summary>
    public CancellationToken CancellationToken { get; init; }
}
