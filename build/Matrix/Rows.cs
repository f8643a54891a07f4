namespace Strata.Matrix;

/// <summary>
/// A linux row is identified by its tag-suffix together with its platforms. Rows that share a tag-suffix (LocalAI's
/// current schema: one row per architecture, each with its own <c>platform-tag</c> and runner) are the legs of one
/// multi-platform image; a row that lists several platforms (the older schema) is one row and one build.
/// </summary>
public static class Rows
{
    /// <summary>The tag-suffixes more than one linux row shares: those rows are legs.</summary>
    public static IReadOnlySet<string> SplitTagSuffixes(IEnumerable<BackendEntry> linux)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var split = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in linux)
            if (entry.TagSuffix.Length > 0 && !seen.Add(entry.TagSuffix))
                split.Add(entry.TagSuffix);
        return split;
    }

    /// <summary>
    /// The row's <c>platform-tag</c>; for a leg that has none, its architectures (<c>linux/arm64</c> → <c>arm64</c>), so
    /// two legs never share a name or a cache. Null for a row that is not a leg and has no <c>platform-tag</c>.
    /// </summary>
    public static string? PlatformTagOf(BackendEntry entry, bool isLeg) =>
        entry.PlatformTag.Length > 0 ? entry.PlatformTag
        : isLeg ? string.Join("-", entry.Platforms.Select(platform => platform[(platform.IndexOf('/') + 1)..]))
        : null;

    /// <summary>How targets, <c>--skip</c> and the summary name a row: <c>&lt;tag-suffix&gt;</c>, or <c>&lt;tag-suffix&gt;@&lt;platform-tag&gt;</c> for a leg.</summary>
    public static string Name(string tagSuffix, string? legPlatformTag) =>
        legPlatformTag is null ? tagSuffix : $"{tagSuffix}@{legPlatformTag}";
}
