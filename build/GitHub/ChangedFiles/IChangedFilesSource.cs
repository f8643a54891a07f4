namespace Strata.GitHub;

/// <summary>Where a change's files come from: the GitHub API, a git diff, or a file.</summary>
public interface IChangedFilesSource
{
    /// <summary>Names the source in logs and errors, e.g. "GitHub PR #9672 of mudler/LocalAI".</summary>
    string Description { get; }

    /// <summary>Repository-relative paths with '/' separators.</summary>
    Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A file's text at the revision the change is compared against (the matrix-edit rule reads the previous matrix
    /// this way); null when the file did not exist there. Throws <see cref="ChangedFilesUnavailableException"/>
    /// when the source cannot tell.
    /// </summary>
    Task<string?> ReadAtBaseAsync(string path, CancellationToken cancellationToken = default) =>
        throw new ChangedFilesUnavailableException($"{Description} names no base revision to read {path} from");
}
