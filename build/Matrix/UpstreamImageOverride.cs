namespace Strata.Matrix;

/// <summary>
/// Replaces every entry's upstream <c>base-image</c>: how tests and users without access to the upstream images build
/// on an OS image of their own. Stems follow the new image, so such bases never pass for the real ones.
/// </summary>
public static class UpstreamImageOverride
{
    public static BackendMatrix Apply(BackendMatrix matrix, string baseImage) => matrix with
    {
        Linux = matrix.Linux.Select(entry => WithBaseImage(entry, baseImage)).ToList(),
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
