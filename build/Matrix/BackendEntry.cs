namespace Strata.Matrix;

public enum MatrixSection { Linux, Darwin }

/// <summary>
/// One matrix entry exactly as written: its fields in file order (unknown ones included, for pass-through output)
/// plus typed accessors for the fields the derivation reads. Absent fields read as "".
/// </summary>
public sealed record BackendEntry
{
    public BackendEntry(string filePath, MatrixSection section, int index, int line, IReadOnlyList<MatrixField> fields)
    {
        FilePath = filePath;
        Section = section;
        Index = index;
        Line = line;
        Fields = fields;
    }

    public string FilePath { get; }
    public MatrixSection Section { get; }
    /// <summary>Zero-based position within its section.</summary>
    public int Index { get; }
    public int Line { get; }
    public IReadOnlyList<MatrixField> Fields { get; }

    public bool Has(string name) => Field(name) is not null;
    public string Get(string name) => Field(name)?.Value ?? "";
    /// <summary>The line of a field, or of the entry when the field is absent.</summary>
    public int LineOf(string name) => Field(name)?.Line ?? Line;

    /// <summary>
    /// The field named <paramref name="name"/>, or null. A scan, not a dictionary: an entry has a dozen fields, and a
    /// matrix of hundreds of entries would otherwise build hundreds of dictionaries to look each field up a few times.
    /// Names are unique within an entry (both readers refuse duplicates).
    /// </summary>
    public MatrixField? Field(string name)
    {
        if (Fields is List<MatrixField> list)
        {
            foreach (var field in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))
                if (string.Equals(field.Name, name))
                    return field;
            return null;
        }
        foreach (var field in Fields)
            if (string.Equals(field.Name, name))
                return field;
        return null;
    }

    public string Backend => Get(FieldNames.Backend);
    public string Dockerfile => Get(FieldNames.Dockerfile);
    public string TagSuffix => Get(FieldNames.TagSuffix);
    public string TagLatest => Get(FieldNames.TagLatest);
    public string BuildType => Get(FieldNames.BuildType);
    public string CudaMajorVersion => Get(FieldNames.CudaMajorVersion);
    public string CudaMinorVersion => Get(FieldNames.CudaMinorVersion);
    public string RunsOn => Get(FieldNames.RunsOn);
    public string BaseImage => Get(FieldNames.BaseImage);
    public string SkipDrivers => Get(FieldNames.SkipDrivers);
    public string Context => Get(FieldNames.Context);
    public string UbuntuVersion => Get(FieldNames.UbuntuVersion);
    public string Lang => Get(FieldNames.Lang);
    public string SourceDir => Get(FieldNames.SourceDir);
    /// <summary>LocalAI's name for the platform of one leg of a split entry (<c>amd64</c>, <c>arm64</c>); "" when absent.</summary>
    public string PlatformTag => Get(FieldNames.PlatformTag);
    /// <summary>The parsed <c>platforms</c> list; linux/amd64 when absent or empty.</summary>
    public IReadOnlyList<string> Platforms => Strata.Matrix.Platforms.Parse(Get(FieldNames.Platforms));

    /// <summary>How messages name this entry: by its tag-suffix, else by position and backend.</summary>
    public string DisplayName => TagSuffix.Length > 0
        ? $"entry '{TagSuffix}'"
        : $"{(Section == MatrixSection.Linux ? "linux" : "darwin")} entry #{Index + 1}{(Backend.Length > 0 ? $" (backend '{Backend}')" : "")}";
}
