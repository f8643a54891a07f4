using System.Text.Json.Nodes;

namespace Strata.GitHub.Rehearsal;

/// <summary>The <c>github</c> context and the event payload a rehearsal gives every job, built from its settings.</summary>
public static class RehearsalContext
{
    public static JsonObject EventPayload(RehearsalSettings settings)
    {
        var (owner, name) = SplitRepository(settings.Repository);
        var repository = new JsonObject
        {
            ["full_name"] = settings.Repository,
            ["name"] = name,
            ["owner"] = new JsonObject { ["login"] = owner },
            ["default_branch"] = settings.DefaultBranch,
        };
        return settings.EventName switch
        {
            RehearsalEvents.PullRequest => new JsonObject
            {
                ["action"] = "synchronize",
                ["number"] = settings.PullRequest,
                ["pull_request"] = new JsonObject
                {
                    ["number"] = settings.PullRequest,
                    ["head"] = new JsonObject
                    {
                        ["ref"] = "rehearsal",
                        ["sha"] = settings.Sha,
                        ["repo"] = new JsonObject { ["full_name"] = settings.Fork ? $"fork-of-{owner}/{name}" : settings.Repository, ["fork"] = settings.Fork },
                    },
                    ["base"] = new JsonObject
                    {
                        ["ref"] = settings.DefaultBranch,
                        ["repo"] = new JsonObject { ["full_name"] = settings.Repository },
                    },
                },
                ["repository"] = repository,
            },
            RehearsalEvents.Push => new JsonObject { ["ref"] = settings.GitRef, ["after"] = settings.Sha, ["repository"] = repository },
            RehearsalEvents.WorkflowDispatch => new JsonObject { ["ref"] = settings.GitRef, ["inputs"] = new JsonObject(), ["repository"] = repository },
            _ => new JsonObject { ["schedule"] = "rehearsal", ["repository"] = repository },
        };
    }

    public static IReadOnlyDictionary<string, object?> GitHub(RehearsalSettings settings, JsonObject payload, string token, string eventPath) =>
        ExpressionValues.Object(new Dictionary<string, object?>
        {
            ["event_name"] = settings.EventName,
            ["event"] = ExpressionValues.FromNode(payload),
            ["event_path"] = eventPath,
            ["ref"] = settings.GitRef,
            ["ref_name"] = settings.GitRef.Split('/', 3).Last(),
            ["sha"] = settings.Sha,
            ["repository"] = settings.Repository,
            ["repository_owner"] = SplitRepository(settings.Repository).Owner,
            ["token"] = token,
            ["run_id"] = "1",
            ["run_number"] = "1",
            ["run_attempt"] = "1",
            ["actor"] = "rehearsal",
            ["workspace"] = settings.Workspace,
            ["server_url"] = "https://github.com",
            ["api_url"] = "https://api.github.com",
            ["head_ref"] = settings.EventName == RehearsalEvents.PullRequest ? "rehearsal" : "",
            ["base_ref"] = settings.EventName == RehearsalEvents.PullRequest ? settings.DefaultBranch : "",
        });

    /// <summary>The GITHUB_* and RUNNER_* variables the runner sets for every step.</summary>
    public static IEnumerable<(string Name, string Value)> DefaultVariables(RehearsalSettings settings, IReadOnlyDictionary<string, object?> github,
        string jobId, RunnerKind runner, string runnerTemp) =>
    [
        ("CI", "true"),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_WORKSPACE", settings.Workspace),
        ("GITHUB_EVENT_NAME", settings.EventName),
        ("GITHUB_EVENT_PATH", (string)github["event_path"]!),
        ("GITHUB_REPOSITORY", settings.Repository),
        ("GITHUB_REPOSITORY_OWNER", (string)github["repository_owner"]!),
        ("GITHUB_REF", settings.GitRef),
        ("GITHUB_REF_NAME", (string)github["ref_name"]!),
        ("GITHUB_SHA", settings.Sha),
        ("GITHUB_RUN_ID", "1"),
        ("GITHUB_RUN_NUMBER", "1"),
        ("GITHUB_JOB", jobId),
        ("GITHUB_ACTOR", "rehearsal"),
        ("GITHUB_HEAD_REF", (string)github["head_ref"]!),
        ("GITHUB_BASE_REF", (string)github["base_ref"]!),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_API_URL", "https://api.github.com"),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", runner.Architecture == "arm64" ? "ARM64" : "X64"),
        ("RUNNER_TEMP", runnerTemp),
        // Each job runs on a fresh runner, whose cache folder is empty: nothing an earlier job or run of this machine
        // left there (build.sh keeps compiled builds under it) may stand in for what the workflow itself provides.
        ("XDG_CACHE_HOME", Path.Combine(runnerTemp, "cache")),
    ];

    public static (string Owner, string Name) SplitRepository(string repository) =>
        repository.Split('/') is [{ Length: > 0 } owner, { Length: > 0 } name]
            ? (owner, name)
            : throw new ArgumentException($"repository '{repository}' is not owner/name");
}
