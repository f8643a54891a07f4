namespace Strata.Matrix;

/// <summary>
/// Maps upstream images to others (<c>ubuntu:24.04=strata/bookworm:minbase</c>) in every entry that names them, before
/// anything is derived: how a machine that cannot pull an upstream image (a rehearsal, an offline mirror) builds the
/// same matrix. Every target of one run reads the same substituted matrix, so stems and tags stay consistent.
/// </summary>
public static class UpstreamImageSubstitution
{
    /// <summary>Parses <c>FROM=TO</c> pairs; <paramref name="parameter"/> names the option in errors.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs, string parameter)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ArgumentException($"{parameter}: '{pair}' is not FROM=TO (e.g. ubuntu:24.04=strata/bookworm:minbase)");
            if (!map.TryAdd(parts[0], parts[1]))
                throw new ArgumentException($"{parameter}: '{parts[0]}' is substituted twice");
        }
        return map;
    }

    public static BackendMatrix Apply(BackendMatrix matrix, IReadOnlyDictionary<string, string> substitutions)
    {
        foreach (var (from, to) in substitutions)
            matrix = UpstreamImageOverride.Apply(matrix, to, entry => entry.Has(FieldNames.BaseImage) && entry.BaseImage == from);
        return matrix;
    }
}
