namespace Strata.Images;

/// <summary>One tier-1+2 base flavour to build, with every name already derived by the caller.</summary>
/// <param name="ImageTag">The tag to produce (with the -pr suffix on a pull request).</param>
/// <param name="MasterImageTag">The same tag without the -pr suffix; re-tagged on a PR whose inputs are unchanged.</param>
/// <param name="RefreshWindow">Usually <see cref="Images.RefreshWindow.IsoWeek"/> of now.</param>
public sealed record BaseBuildSpec(
    string Lang,
    string Stem,
    string RecipePath,
    string ContextDir,
    string ImageTag,
    string? MasterImageTag,
    string CacheRef,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs,
    string? Platform,
    bool IsPullRequest,
    bool Push,
    bool Force,
    string RefreshWindow)
{
    /// <summary>Set for a leg of a multi-platform base that publishes: it pushes to its staging tag and records its digest.</summary>
    public BaseLegOutput? Leg { get; init; }
}

public enum BaseBuildOutcome { Built, Cached, UpToDate, Retagged }

/// <param name="Pushed">False when Push was asked but the registry refused us for lack of credentials.</param>
public sealed record BaseBuildResult(BaseBuildOutcome Outcome, string ImageRef, string InputsHash, TimeSpan Duration, bool Pushed);
