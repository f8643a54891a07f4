using Strata.Matrix.Changes;

namespace Strata.Matrix;

/// <summary>One tier-1+2 base image: everything its build needs, and the selected entries that consume it.</summary>
public sealed record BaseFlavour(
    string TagStem,
    string Lang,
    string BaseImage,
    string BuildType,
    string CudaMajorVersion,
    string CudaMinorVersion,
    string UbuntuVersion,
    IReadOnlyList<string> Platforms,
    string SkipDrivers,
    IReadOnlyList<BackendEntry> Consumers)
{
    /// <summary>The platforms as the workflow and buildx take them: sorted, comma-joined.</summary>
    public string PlatformList => string.Join(",", Platforms);

    /// <summary>One leg per platform when the consumers span several platforms; empty for a flavour built as one job.</summary>
    public IReadOnlyList<BaseLeg> Legs => BaseLeg.Of(this);

    /// <summary>The leg that builds <paramref name="platform"/> alone; null when the flavour has no legs or not that platform.</summary>
    public BaseLeg? LegFor(string? platform) => Legs.FirstOrDefault(leg => leg.Platform == platform);

    /// <summary>
    /// A flavour from its inputs (the matrix's first consumer, or BuildBase's parameters): computes the stem, the
    /// sorted platforms and the effective skip-drivers exactly as the derivation does.
    /// </summary>
    public static BaseFlavour For(string lang, string buildType, string ubuntuVersion, string cudaMajorVersion, string cudaMinorVersion,
        string baseImage, IEnumerable<string> platforms, string skipDrivers, IReadOnlyList<BackendEntry>? consumers = null)
    {
        var sorted = platforms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new BaseFlavour(
            TagStem: Stems.For(lang, buildType, ubuntuVersion, cudaMajorVersion, cudaMinorVersion, baseImage),
            Lang: lang,
            BaseImage: baseImage,
            BuildType: buildType,
            CudaMajorVersion: cudaMajorVersion,
            CudaMinorVersion: cudaMinorVersion,
            UbuntuVersion: ubuntuVersion.Length > 0 ? ubuntuVersion : Stems.DefaultUbuntuVersion,
            Platforms: sorted,
            SkipDrivers: BuildTypes.EffectiveSkipDrivers(buildType, skipDrivers),
            Consumers: consumers ?? []);
    }
}

/// <summary>A selected linux entry; <see cref="TagStem"/> and <see cref="BaseImagePrebuilt"/> are set when its lang has a base.</summary>
/// <param name="IsLeg">The row shares its tag-suffix with other rows: it builds one platform of a multi-platform image.</param>
/// <param name="PlatformTag">The leg's platform tag (see <see cref="Rows.PlatformTagOf"/>): it names the row and its cache.</param>
public sealed record DerivedBackend(BackendEntry Entry, string? Lang, string? TagStem, string? BaseImagePrebuilt, bool IsLeg = false, string? PlatformTag = null)
{
    /// <summary>The row's identity: how targets, <c>--skip</c> and the summary name it.</summary>
    public string RowName => Rows.Name(Entry.TagSuffix, IsLeg ? PlatformTag : null);

    /// <summary>Where the row reads and writes its build cache: one cache per leg, so architectures never evict each other.</summary>
    public string CacheRef(string repo) => ImageRefs.BackendCache(repo, Entry.TagSuffix, PlatformTag);

    /// <summary>The entry's fields in file order, with <c>base-image-prebuilt</c> set (in place, or appended).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> OutputFields
    {
        get
        {
            var fields = new List<KeyValuePair<string, string>>(Entry.Fields.Count + 1);
            var replaced = false;
            foreach (var entryField in Entry.Fields)
            {
                if (entryField.Name == FieldNames.BaseImagePrebuilt && BaseImagePrebuilt is not null)
                {
                    fields.Add(new(entryField.Name, BaseImagePrebuilt));
                    replaced = true;
                }
                else
                    fields.Add(new(entryField.Name, entryField.Value));
            }
            if (BaseImagePrebuilt is not null && !replaced)
                fields.Add(new(FieldNames.BaseImagePrebuilt, BaseImagePrebuilt));
            return fields;
        }
    }
}

/// <summary>Whether a backend's sources changed (always true on a push).</summary>
public sealed record BackendFlag(string Backend, string SourceDir, bool Changed);

public sealed record DerivedPlan(
    bool RunAll,
    int? PullRequest,
    IReadOnlyList<BaseFlavour> Bases,
    IReadOnlyList<DerivedBackend> Backends,
    IReadOnlyList<BackendEntry> Darwin,
    IReadOnlyList<BackendFlag> Flags,
    int ShardSize)
{
    /// <summary>Why these entries were selected: everything (and why), or which change rules fired.</summary>
    public SelectionReport Selection { get; init; } = SelectionReport.Everything("every entry builds");

    public bool HasBackends => Backends.Count > 0;
    public bool HasDarwin => Darwin.Count > 0;
    public bool HasBases => Bases.Count > 0;

    /// <summary>The tag-suffixes whose selected rows are legs, in order of first appearance: one merge each.</summary>
    public IReadOnlyList<string> Merges => Backends.Where(backend => backend.IsLeg).Select(backend => backend.Entry.TagSuffix).Distinct().ToList();

    /// <summary>The bases whose consumers span several platforms: built as legs, one merge each.</summary>
    public IReadOnlyList<BaseFlavour> BaseMerges => Bases.Where(flavour => flavour.Legs.Count > 0).ToList();

    /// <summary>The selected backends cut into consecutive shards of at most <paramref name="capacity"/> entries, order kept.</summary>
    public IReadOnlyList<IReadOnlyList<DerivedBackend>> Shards(int? capacity = null)
    {
        var size = capacity ?? ShardSize;
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), size, "shard capacity must be at least 1");
        return Backends.Chunk(size).Select(chunk => (IReadOnlyList<DerivedBackend>)chunk).ToList();
    }
}
