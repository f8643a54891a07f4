namespace Strata.Matrix;

public sealed record DeriveOptions
{
    /// <summary>Langs that have a base recipe (<c>.docker/bases/Dockerfile.&lt;lang&gt;</c>); see <see cref="BaseRecipes.Discover"/>.</summary>
    public required IReadOnlySet<string> LangsWithBase { get; init; }
    public required string BaseRepo { get; init; }
    /// <summary>Set on a pull request: prebuilt base refs get a <c>-pr&lt;N&gt;</c> suffix.</summary>
    public int? PullRequest { get; init; }
    /// <summary>Null means a push: every entry builds. Otherwise only entries selected by these paths.</summary>
    public IReadOnlyList<string>? ChangedFiles { get; init; }
    /// <summary>Most entries per shard of the backend list; the CI host's limit is the caller's to give (no limit by default).</summary>
    public int ShardSize { get; init; } = int.MaxValue;
    /// <summary>Stops a derivation that was interrupted.</summary>
    public CancellationToken CancellationToken { get; init; }
}
