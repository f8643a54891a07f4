namespace Strata.Matrix;

/// <summary>The one place image and cache references are spelled; nothing else formats them.</summary>
public static class ImageRefs
{
    /// <summary><c>&lt;repo&gt;:base-image-&lt;stem&gt;[-pr&lt;N&gt;]</c>: the prebuilt base consumers build FROM.</summary>
    public static string BaseImage(string repo, string stem, int? pullRequest = null) =>
        $"{repo}:base-image-{stem}{PullRequestSuffix(pullRequest)}";

    /// <summary><c>&lt;repo&gt;:base-&lt;stem&gt;</c>: the registry build cache of a base.</summary>
    public static string BaseCache(string repo, string stem) => $"{repo}:base-{stem}";

    /// <summary><c>&lt;repo&gt;:cache&lt;tag-suffix&gt;</c>: the registry build cache of a backend image.</summary>
    public static string BackendCache(string repo, string tagSuffix) => $"{repo}:cache{tagSuffix}";

    /// <summary><c>&lt;backendRepo&gt;:latest&lt;tag-suffix&gt;[-pr&lt;N&gt;]</c>: the published backend image.</summary>
    public static string BackendImage(string backendRepo, string tagSuffix, int? pullRequest = null) =>
        $"{backendRepo}:latest{tagSuffix}{PullRequestSuffix(pullRequest)}";

    static string PullRequestSuffix(int? pullRequest) => pullRequest is { } number ? $"-pr{number}" : "";
}
