using System.Text.Json;

namespace Strata.GitHub;

/// <summary>What the Derive target needs from the <c>GITHUB_EVENT_PATH</c> payload.</summary>
public sealed record GitHubEvent(
    string EventName,
    int? PullRequestNumber,
    string? RepositoryOwner,
    string? RepositoryName,
    string? BaseSha,
    string? HeadSha)
{
    public bool IsPullRequest => PullRequestNumber is not null;

    /// <summary>
    /// Reads an event payload. The payload does not name its event, so <paramref name="eventName"/> (from
    /// <c>GITHUB_EVENT_NAME</c>) wins; without it, a payload with <c>pull_request</c> is a pull_request event and
    /// one with <c>ref</c> and <c>after</c> is a push.
    /// </summary>
    public static GitHubEvent Read(string path, string? eventName = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"GitHub event payload not found: {path}", path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a GitHub event payload (invalid JSON at line {e.LineNumber + 1}: {e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: not a GitHub event payload (expected a JSON object)");

            var pullRequest = Property(root, "pull_request");
            int? number = pullRequest is { } pr
                ? Property(pr, "number") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var value)
                    ? value
                    : throw new InvalidDataException($"{path}: pull_request.number is missing or not an integer")
                : null;
            var repository = Property(root, "repository");

            return new GitHubEvent(
                EventName: eventName is { Length: > 0 } ? eventName
                    : pullRequest is not null ? "pull_request"
                    : Property(root, "ref") is not null && Property(root, "after") is not null ? "push"
                    : "unknown",
                PullRequestNumber: number,
                RepositoryOwner: String(Property(repository, "owner"), "login"),
                RepositoryName: String(repository, "name"),
                BaseSha: String(Property(pullRequest, "base"), "sha") ?? String(root, "before"),
                HeadSha: String(Property(pullRequest, "head"), "sha") ?? String(root, "after"));
        }
    }

    static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
