namespace Strata.Matrix;

/// <summary>All problems found in a matrix at once; the first line of the message is the first problem.</summary>
public sealed class MatrixException(IReadOnlyList<MatrixProblem> problems)
    : InputException(Describe(problems))
{
    public IReadOnlyList<MatrixProblem> Problems { get; } = problems;

    static string Describe(IReadOnlyList<MatrixProblem> problems) =>
        problems.Count == 1
            ? problems[0].ToString()
            : $"{problems[0]}{Environment.NewLine}{string.Join(Environment.NewLine, problems.Skip(1))}{Environment.NewLine}({problems.Count} problems in the backend matrix)";
}
