namespace Strata.Matrix;

/// <summary>The one place image and cache references are spelled; nothing else formats them.</summary>
public static class ImageRefs
{
    /// <summary><c>&lt;repo&gt;:base-image-&lt;stem&gt;[-pr&lt;N&gt;]</c>: the prebuilt base consumers build FROM.</summary>
    public static string BaseImage(string repo, string stem, int? pullRequest = null) =>
        $"{repo}:base-image-{stem}{PullRequestSuffix(pullRequest)}";

    /// <summary>
    /// <c>&lt;repo&gt;:base-&lt;stem&gt;[-&lt;platform-tag&gt;]</c>: the registry build cache of a base; each leg of a
    /// multi-platform base has its own, as backend legs do.
    /// </summary>
    public static string BaseCache(string repo, string stem, string? platformTag = null) =>
        platformTag is null ? $"{repo}:base-{stem}" : $"{repo}:base-{stem}-{platformTag}";

    /// <summary>
    /// <c>&lt;repo&gt;:leg-base-image-&lt;stem&gt;-&lt;platform-tag&gt;</c>: where a base leg is pushed before the merge
    /// joins the legs by digest into <see cref="BaseImage"/> (backend legs: <see cref="BackendLeg"/>).
    /// </summary>
    public static string BaseLeg(string repo, string stem, string platformTag) => $"{repo}:leg-base-image-{stem}-{platformTag}";

    /// <summary>The folder of a base's leg digests under the digests directory: <c>base-image-&lt;stem&gt;</c> (a backend's is its tag-suffix).</summary>
    public static string BaseDigestsKey(string stem) => $"base-image-{stem}";

    /// <summary>
    /// <c>&lt;repo&gt;:cache&lt;tag-suffix&gt;[-&lt;platform-tag&gt;]</c>: the registry build cache of a backend row; a row
    /// with a platform tag (a leg) has its own, LocalAI's naming.
    /// </summary>
    public static string BackendCache(string repo, string tagSuffix, string? platformTag = null) =>
        platformTag is null ? $"{repo}:cache{tagSuffix}" : $"{repo}:cache{tagSuffix}-{platformTag}";

    /// <summary><c>&lt;backendRepo&gt;:latest&lt;tag-suffix&gt;[-pr&lt;N&gt;]</c>: the published backend image.</summary>
    public static string BackendImage(string backendRepo, string tagSuffix, int? pullRequest = null) =>
        $"{backendRepo}:latest{tagSuffix}{PullRequestSuffix(pullRequest)}";

    /// <summary>
    /// <c>&lt;backendRepo&gt;:leg&lt;tag-suffix&gt;-&lt;platform-tag&gt;</c>: where a leg's image is pushed before the merge
    /// joins the legs by digest. An engine cannot push an image without a tag; the merge never reads this tag, only the
    /// digest the leg recorded, so a concurrent run that moves it cannot change what is published.
    /// </summary>
    public static string BackendLeg(string backendRepo, string tagSuffix, string platformTag) =>
        $"{backendRepo}:leg{tagSuffix}-{platformTag}";

    /// <summary><c>&lt;backendRepo&gt;:&lt;version&gt;&lt;tag-suffix&gt;</c>: a release's backend image (a <c>v*</c> tag push).</summary>
    public static string BackendVersionImage(string backendRepo, string version, string tagSuffix) =>
        $"{backendRepo}:{version}{tagSuffix}";

    static string PullRequestSuffix(int? pullRequest) => pullRequest is { } number ? $"-pr{number}" : "";
}
