using Strata.Matrix;

namespace Strata.Tests.Matrix;

/// <summary>Loads inline YAML through a real file, the way the Derive target does.</summary>
static class MatrixText
{
    public static BackendMatrix Load(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"strata-matrix-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            return MatrixFile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static MatrixException Reject(string yaml) => Assert.Throws<MatrixException>(() => Load(yaml));

    /// <summary>A valid linux entry as YAML lines (indented for a list under linux:), with fields overridden or removed (null).</summary>
    public static string Entry(string tagSuffix, params (string Field, string? Value)[] overrides)
    {
        var fields = new List<(string Field, string? Value)>
        {
            ("build-type", "''"),
            ("platforms", "linux/amd64"),
            ("tag-suffix", tagSuffix),
            ("base-image", "ubuntu:24.04"),
            ("skip-drivers", "'false'"),
            ("backend", tagSuffix.Split('-').Last()),
            ("dockerfile", "./backend/Dockerfile.python"),
            ("context", "./"),
            ("ubuntu-version", "'2404'"),
        };
        foreach (var (field, value) in overrides)
        {
            var index = fields.FindIndex(f => f.Field == field);
            if (index >= 0) fields[index] = (field, value);
            else fields.Add((field, value));
        }
        var lines = fields.Where(f => f.Value is not null).Select((f, i) => $"{(i == 0 ? "  - " : "    ")}{f.Field}: {f.Value}");
        return string.Join("\n", lines) + "\n";
    }
}
