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

    /// <summary>The pushed ref (<c>refs/heads/main</c>, <c>refs/tags/v1</c>) or the ref a workflow was dispatched on.</summary>
    public string? Ref { get; init; }

    /// <summary>The repository's default branch, as the payload names it.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>A workflow_dispatch's <c>build-everything</c> input; null when the payload has none.</summary>
    public bool? BuildEverythingInput { get; init; }

    /// <summary>The workflow_dispatch input that asks for every entry (the default) instead of the changes against the default branch.</summary>
    public const string BuildEverythingInputName = "build-everything";

    public bool IsTagPush => EventName == "push" && Ref?.StartsWith("refs/tags/", StringComparison.Ordinal) == true;

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
                HeadSha: String(Property(pullRequest, "head"), "sha") ?? String(root, "after"))
            {
                Ref = String(root, "ref"),
                DefaultBranch = String(repository, "default_branch"),
                BuildEverythingInput = Property(Property(root, "inputs"), BuildEverythingInputName) switch
                {
                    { ValueKind: JsonValueKind.True } => true,
                    { ValueKind: JsonValueKind.False } => false,
                    { ValueKind: JsonValueKind.String } text => text.GetString() != "false",
                    _ => null,
                },
            };
        }
    }

    static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    static string? String(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
