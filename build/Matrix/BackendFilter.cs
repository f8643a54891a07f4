namespace Strata.Matrix;

/// <summary>Which derived backends an image-building target builds. Unset criteria select everything.</summary>
public sealed record BackendFilter
{
    public IReadOnlyList<string> Backends { get; init; } = [];
    public string? TagSuffix { get; init; }
    /// <summary>Matrix build-types; empty selects every build-type.</summary>
    public IReadOnlyList<string> BuildTypes { get; init; } = [];
    public string? Platform { get; init; }

    public IReadOnlyList<DerivedBackend> Apply(IReadOnlyList<DerivedBackend> backends)
    {
        var selected = backends.Where(backend => Matches(backend.Entry)).ToList();
        if (selected.Count == 0)
            throw new ArgumentException($"no matrix entry matches {Describe()}; {Available(backends)}");
        if (selected.GroupBy(backend => backend.Entry.TagSuffix).FirstOrDefault(rows => rows.Count() > 1) is { } ambiguous)
            throw new ArgumentException(
                $"{Describe()} selects {ambiguous.Count()} rows with tag-suffix {ambiguous.Key}, one per platform: " +
                string.Join(", ", ambiguous.Select(Candidate)) +
                $"; choose one with {string.Join(" or ", ambiguous.Select(row => $"--platform {string.Join(",", row.Entry.Platforms)}"))}");
        return selected;
    }

    static string Candidate(DerivedBackend row) =>
        $"{row.RowName} ({string.Join(",", row.Entry.Platforms)}, {row.Entry.FilePath}:{row.Entry.Line})";

    public bool Matches(BackendEntry entry) => (TagSuffix is null || entry.TagSuffix == TagSuffix)
            && (Backends.Count == 0 || Backends.Contains(entry.Backend))
            && (BuildTypes.Count == 0 || BuildTypes.Contains(entry.BuildType))
            && (Platform is null || Platforms.Parse(Platform).All(entry.Platforms.Contains));

    string Describe()
    {
        var criteria = new List<string>();
        if (TagSuffix is not null) criteria.Add($"--tag-suffix {TagSuffix}");
        if (Backends.Count > 0) criteria.Add($"--backend {string.Join(" ", Backends)}");
        if (BuildTypes.Count > 0) criteria.Add($"build-type {string.Join("|", BuildTypes.Select(type => type.Length == 0 ? "cpu" : type))}");
        if (Platform is not null) criteria.Add($"--platform {Platform}");
        return string.Join(", ", criteria);
    }

    static string Available(IReadOnlyList<DerivedBackend> backends) =>
        "backends in the matrix: " + string.Join(", ", backends.Select(backend => backend.Entry.Backend).Distinct().Order(StringComparer.Ordinal));
}
