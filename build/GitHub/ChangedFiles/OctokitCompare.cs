using Octokit;

namespace Strata.GitHub;

/// <summary>
/// A push's changed files from GitHub's compare API (<c>before...after</c>). The API lists at most 300 files; a list
/// that long may be cut, and a cut list would silently skip entries, so it counts as unavailable and the caller
/// builds everything.
/// </summary>
public sealed class OctokitCompare : IChangedFilesSource
{
    /// <summary>GitHub's compare API lists at most this many files.</summary>
    public const int FileLimit = 300;

    readonly GitHubClient client;
    readonly string owner;
    readonly string repository;
    readonly string before;
    readonly string after;

    public OctokitCompare(string owner, string repository, string before, string after, string? token,
        HttpMessageHandler? handler = null, Uri? apiAddress = null)
    {
        this.owner = owner;
        this.repository = repository;
        this.before = before;
        this.after = after;
        client = GitHubClients.Create(token, handler, apiAddress);
    }

    public string Description => $"GitHub compare {Short(before)}...{Short(after)} of {owner}/{repository}";

    public async Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default)
    {
        CompareResult result;
        try
        {
            result = await client.Repository.Commit.Compare(owner, repository, before, after);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            throw new ChangedFilesUnavailableException($"{Description} failed: {e.Message}", e);
        }

        var files = result.Files ?? [];
        if (files.Count >= FileLimit)
            throw new ChangedFilesUnavailableException($"{Description} lists {files.Count} files, GitHub's limit of {FileLimit}: the list may be cut");
        var paths = new List<string>(files.Count);
        foreach (var file in files)
        {
            paths.Add(file.Filename);
            if (!string.IsNullOrEmpty(file.PreviousFileName) && file.PreviousFileName != file.Filename)
                paths.Add(file.PreviousFileName);
        }
        return paths;
    }

    public Task<string?> ReadAtBaseAsync(string path, CancellationToken cancellationToken = default) =>
        GitHubClients.ReadFileAsync(client, owner, repository, path, before, Description);

    static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
