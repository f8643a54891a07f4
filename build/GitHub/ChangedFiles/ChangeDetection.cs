using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.GitHub;

/// <summary>What a run builds from: the changed files (null: everything, and why), and what the matrix-edit rule compares.</summary>
public sealed record DetectedChanges(
    IReadOnlyList<string>? Files,
    string? EverythingReason,
    ChangeContext Context,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Reads an event's changed files and, when the matrix file is among them and the rules compare matrix edits, the
/// matrix at the base revision. A source that cannot list its files (a truncated compare, an API or git failure) is
/// the documented fallback, not an error: everything builds, with a warning. A previous matrix that cannot be
/// fetched makes the matrix-edit rule select everything, with a warning; one that was fetched but cannot be read is
/// bad input, reported at the rule's line.
/// </summary>
public static class ChangeDetection
{
    public static async Task<DetectedChanges> DetectAsync(
        EventScope scope, string? matrixPath, ChangeRules rules, CancellationToken cancellationToken = default)
    {
        var context = new ChangeContext { MatrixPath = matrixPath };
        if (scope.Source is not { } source)
            return new DetectedChanges(null, scope.EverythingReason, context, []);

        IReadOnlyList<string> files;
        try
        {
            files = await source.GetChangedFilesAsync(cancellationToken);
        }
        catch (ChangedFilesUnavailableException e)
        {
            return new DetectedChanges(null, $"the changed files are unavailable ({e.Message}): every entry builds", context,
                [$"{e.Message}; building everything"]);
        }

        if (matrixPath is null || rules.Find(BuiltinRule.MatrixEdit) is not { } matrixEdit || !files.Contains(matrixPath))
            return new DetectedChanges(files, null, context, []);

        string? previousText;
        try
        {
            previousText = await source.ReadAtBaseAsync(matrixPath, cancellationToken);
        }
        catch (ChangedFilesUnavailableException e)
        {
            return new DetectedChanges(files, null, context with { PreviousMatrixProblem = e.Message },
                [$"the matrix-edit rule ({rules.FilePath}:{matrixEdit.Line}) cannot read the previous matrix: {e.Message}; it selects every entry"]);
        }

        var revision = $"{matrixPath} at the base revision ({source.Description})";
        BackendMatrix previous;
        try
        {
            previous = previousText is null
                ? new BackendMatrix(revision, MatrixSchema.LinuxDarwin, [], [])
                : MatrixFile.Parse(previousText, revision, validate: false, cancellationToken: cancellationToken);
        }
        catch (MatrixException e)
        {
            throw new ChangeRulesException(rules.FilePath, matrixEdit.Line,
                $"the matrix-edit rule cannot read the previous matrix: {e.Message}");
        }
        return new DetectedChanges(files, null, context with { PreviousMatrix = previous }, []);
    }
}
