namespace Strata.Matrix.Changes;

/// <summary>
/// The entries an edit of the matrix file changed: those that are new, or whose fields differ from the previous
/// revision. An entry is identified by (tag-suffix, platform-tag), so the two legs of a split row are compared
/// separately; fields are compared as a set of name/value pairs, so reordering or reindenting changes nothing.
/// Removed entries build nothing.
/// </summary>
public static class MatrixEdits
{
    public static IReadOnlySet<BackendEntry> Changed(IReadOnlyList<BackendEntry> current, IReadOnlyList<BackendEntry> previous)
    {
        var before = new Dictionary<(string, string), HashSet<(string, string)>>();
        foreach (var entry in previous)
            before[KeyOf(entry)] = Fingerprint(entry);

        var changed = new HashSet<BackendEntry>(ReferenceEqualityComparer.Instance);
        foreach (var entry in current)
            if (!before.TryGetValue(KeyOf(entry), out var fields) || !fields.SetEquals(Fingerprint(entry)))
                changed.Add(entry);
        return changed;
    }

    static (string TagSuffix, string PlatformTag) KeyOf(BackendEntry entry) => (entry.TagSuffix, entry.PlatformTag);

    static HashSet<(string, string)> Fingerprint(BackendEntry entry) =>
        entry.Fields.Select(field => (field.Name, field.Value)).ToHashSet();
}
