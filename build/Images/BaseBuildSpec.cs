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

    /// <summary>The hash of everything that decides this base's content: recipe, context, build args, refresh window.</summary>
    public string ComputeInputsHash() => InputsHash.Compute(RecipePath, ContextDir, BuildArgs, RefreshWindow);

    /// <summary>
    /// The build of this base, whole or one leg: the recipe with its build args, the labels that later say whether it
    /// is up to date (inputs hash, lang, stem), and its registry cache, read always and written when <paramref name="writeCache"/>.
    /// </summary>
    public ImageBuildRequest BuildRequest(string inputsHash, string tag, string? platform, bool writeCache, bool push, string? network) => new()
    {
        Dockerfile = RecipePath,
        ContextDir = ContextDir,
        Tags = [tag],
        BuildArgs = [.. BuildArgs, new("TAG_STEM", Stem), new("INPUTS_HASH", inputsHash)],
        Labels = [new(ImageLabels.InputsHash, inputsHash), new(ImageLabels.Lang, Lang), new(ImageLabels.Stem, Stem)],
        Platform = platform,
        CacheFrom = [CacheRef],
        CacheTo = writeCache ? CacheRef : null,
        Network = network,
        Push = push,
    };
}

public enum BaseBuildOutcome { Built, Cached, UpToDate, Retagged }

/// <param name="Pushed">False when Push was asked but the registry refused us for lack of credentials.</param>
public sealed record BaseBuildResult(BaseBuildOutcome Outcome, string ImageRef, string InputsHash, TimeSpan Duration, bool Pushed);
