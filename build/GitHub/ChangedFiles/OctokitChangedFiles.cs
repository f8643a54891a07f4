using Octokit;

namespace Strata.GitHub;

/// <summary>
/// A pull request's changed files from the GitHub API, every page (Octokit follows the Link headers).
/// Renamed files count under both names: moving a file out of a backend's dir changes that backend too.
/// The API itself lists at most 3000 files per pull request.
/// </summary>
public sealed class OctokitChangedFiles : IChangedFilesSource
{
    const int PageSize = 100;
    readonly GitHubClient client;
    readonly string owner;
    readonly string repository;
    readonly int pullRequest;
    string? baseSha;

    /// <param name="token">GITHUB_TOKEN; null for anonymous access (public repositories, low rate limit).</param>
    /// <param name="handler">Replaces the HTTP transport (tests); the default is Octokit's own.</param>
    /// <param name="apiAddress">GitHub Enterprise API address; api.github.com by default.</param>
    /// <param name="baseSha">The pull request's base commit (from the event); asked of the API when null and needed.</param>
    public OctokitChangedFiles(string owner, string repository, int pullRequest, string? token,
        HttpMessageHandler? handler = null, Uri? apiAddress = null, string? baseSha = null)
    {
        this.owner = owner;
        this.repository = repository;
        this.pullRequest = pullRequest;
        this.baseSha = baseSha;
        client = GitHubClients.Create(token, handler, apiAddress);
    }

    public string Description => $"GitHub pull request #{pullRequest} of {owner}/{repository}";

    public async Task<IReadOnlyList<string>> GetChangedFilesAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PullRequestFile> files;
        try
        {
            files = await client.PullRequest.Files(owner, repository, pullRequest, new ApiOptions { PageSize = PageSize });
        }
        catch (ApiException e)
        {
            throw new InvalidOperationException($"cannot list the changed files of {Description}: {e.StatusCode} {e.Message}", e);
        }

        var paths = new List<string>(files.Count);
        foreach (var file in files)
        {
            paths.Add(file.FileName);
            if (!string.IsNullOrEmpty(file.PreviousFileName) && file.PreviousFileName != file.FileName)
                paths.Add(file.PreviousFileName);
        }
        return paths;
    }

    /// <summary>The file at the pull request's base commit, through the contents API.</summary>
    public async Task<string?> ReadAtBaseAsync(string path, CancellationToken cancellationToken = default)
    {
        if (baseSha is null)
        {
            try
            {
                baseSha = (await client.PullRequest.Get(owner, repository, pullRequest)).Base.Sha;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException)
            {
                throw new ChangedFilesUnavailableException($"cannot find the base commit of {Description}: {e.Message}", e);
            }
        }
        return await GitHubClients.ReadFileAsync(client, owner, repository, path, baseSha, Description);
    }
}
