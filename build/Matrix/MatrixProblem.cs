namespace Strata.Matrix;

/// <summary>One thing wrong with the matrix, located by file and line.</summary>
public sealed record MatrixProblem(string FilePath, int Line, string Subject, string Message)
{
    public override string ToString() => Subject.Length > 0
        ? $"{FilePath}:{Line}: {Subject}: {Message}"
        : $"{FilePath}:{Line}: {Message}";

    public static MatrixProblem For(BackendEntry entry, string field, string message) =>
        new(entry.FilePath, entry.LineOf(field), entry.DisplayName, message);
}
