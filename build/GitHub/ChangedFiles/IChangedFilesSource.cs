namespace Strata.GitHub;

/// <summary>Where a pull request's changed files come from: the GitHub API, a git diff, or a file.</summary>
public interface IChangedFilesSource
{
    /// <summary>Names the source in logs and errors, e.g. "GitHub PR #9672 of mudler/LocalAI".</summary>
    string Description { get; }

    /// <summary>Repository-relative paths with '/' separators.</summary>
    Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default);
}
