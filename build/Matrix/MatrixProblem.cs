namespace Strata.Matrix;

/// <summary>One thing wrong with the matrix, located by file and line.</summary>
public sealed record MatrixProblem(string FilePath, int Line, string Subject, string Message)
{
    /// <summary>One line: <c>file:line: subject: message</c> (no line when the file could not be read).</summary>
    public override string ToString() => Printable.OneLine(Subject.Length > 0
        ? $"{Location}: {Subject}: {Message}"
        : $"{Location}: {Message}");

    string Location => Line > 0 ? $"{FilePath}:{Line}" : FilePath;

    public static MatrixProblem For(BackendEntry entry, string field, string message) =>
        new(entry.FilePath, entry.LineOf(field), entry.DisplayName, message);
}
