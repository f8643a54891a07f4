namespace Strata.Matrix;

/// <summary>
/// Replaces the upstream <c>base-image</c> of the selected entries: how tests and users without access to the upstream
/// images build on an OS image of their own. Stems follow the new image, so such bases never pass for the real ones;
/// entries outside the selection keep theirs, so their stems cannot collide with the overridden ones.
/// </summary>
public static class UpstreamImageOverride
{
    public static BackendMatrix Apply(BackendMatrix matrix, string baseImage, Func<BackendEntry, bool> selected) => matrix with
    {
        Linux = matrix.Linux.Select(entry => selected(entry) ? WithBaseImage(entry, baseImage) : entry).ToList(),
    };

    static BackendEntry WithBaseImage(BackendEntry entry, string baseImage)
    {
        var fields = entry.Fields
            .Select(field => field.Name == FieldNames.BaseImage ? field with { Value = baseImage } : field)
            .ToList();
        if (!entry.Has(FieldNames.BaseImage))
            fields.Add(new MatrixField(FieldNames.BaseImage, baseImage, entry.Line));
        return new BackendEntry(entry.FilePath, entry.Section, entry.Index, entry.Line, fields);
    }
}
