using Octokit;
using Octokit.Internal;

namespace Strata.GitHub;

/// <summary>One way to make an Octokit client, so every API source shares its transport seam (tests pass a handler).</summary>
static class GitHubClients
{
    /// <param name="token">GITHUB_TOKEN; null for anonymous access (public repositories, low rate limit).</param>
    /// <param name="handler">Replaces the HTTP transport (tests); the default is Octokit's own.</param>
    /// <param name="apiAddress">GitHub Enterprise API address; api.github.com by default.</param>
    public static GitHubClient Create(string? token, HttpMessageHandler? handler, Uri? apiAddress)
    {
        // As in DockerEngine: the native build never asks GitHub (NativeStart), and this guard keeps Octokit out of its image.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            throw new NotSupportedException("the GitHub client runs only in the managed build");
        var credentials = string.IsNullOrEmpty(token) ? Credentials.Anonymous : new Credentials(token);
        var http = new HttpClientAdapter(handler is null ? HttpMessageHandlerFactory.CreateDefault : () => handler);
        var connection = new Connection(new ProductHeaderValue("strata-build"), apiAddress ?? GitHubClient.GitHubApiUrl,
            new InMemoryCredentialStore(credentials), http, new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>A file's text at a commit through the contents API; null when it does not exist there.</summary>
    public static async Task<string?> ReadFileAsync(GitHubClient client, string owner, string repository, string path, string reference, string description)
    {
        try
        {
            var bytes = await client.Repository.Content.GetRawContentByRef(owner, repository, path, reference);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (NotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException)
        {
            throw new ChangedFilesUnavailableException($"cannot read {path} at {reference} ({description}): {e.Message}", e);
        }
    }
}
