using Strata.Engine;
using Strata.GitHub.Rehearsal;

partial class Build
{
    [Parameter("Event to rehearse: push, pull_request, workflow_dispatch or schedule")] readonly string? Event;
    [Parameter("Rehearse a pull request from a fork: no secrets, nothing pushed, no cache written")] readonly bool Fork;
    [Parameter("Repository variables for the rehearsal, NAME=VALUE (BASE_REPO and BACKEND_REPO default to --base-repo and --backend-repo)")] readonly string[] Vars = [];
    [Parameter("Repository secrets for the rehearsal, NAME=VALUE (a --fork rehearsal gets none)"), Secret] readonly string[] Secrets = [];
    [Parameter("Rehearse only matrix rows whose KEY is one of the given values, KEY=VALUE, repeatable (e.g. build-type= runs-on=ubuntu-latest)")] readonly string[] Rows = [];
    [Parameter("Rehearse the working tree's uncommitted changes to tracked files too (default: HEAD only)")] readonly bool Uncommitted;

    PipelineRehearsal? rehearsal;
    RehearsalWorkspace? workspace;

    Target Rehearse => _ => _
        .Description("Run the generated workflows locally with GitHub's semantics: --event E [--pr N] [--changed-files F | --base-ref R] [--fork]")
        .Requires(() => Event)
        .ProceedAfterFailure()
        .Expands(() => [.. Rehearsal.JobTargets(), RehearsalFinish]);

    PipelineRehearsal Rehearsal => rehearsal ??= AsInputError(() => new PipelineRehearsal(Workflows, RehearsalSettings(), PrepareWorkspaceAsync,
        (path, token) => workspace!.CheckOutAsync(RootDirectory, path, token)));

    string RehearsalDirectory => RootPath(".nuke/temp/rehearsal");

    RehearsalSettings RehearsalSettings()
    {
        if (Event != RehearsalEvents.PullRequest && (ChangedFiles is not null || BaseRef is not null))
            throw new ArgumentException($"--changed-files/--base-ref: only a pull_request selects by changed files, not a {Event}");
        var runDirectory = Path.Combine(RehearsalDirectory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Event}");
        workspace = RehearsalWorkspace.ChooseAsync(RootDirectory, Path.Combine(runDirectory, "workspace"), Uncommitted, CancellationToken.None)
            .GetAwaiter().GetResult();
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BASE_REPO"] = BaseRepo ?? "",
            ["BACKEND_REPO"] = BackendRepo ?? "",
        };
        foreach (var (name, value) in Pairs(Vars, "--vars")) vars[name] = value;
        return new RehearsalSettings
        {
            EventName = Event!,
            Workspace = workspace.Path,
            RunDirectory = runDirectory,
            Repository = RehearsalWorkspace.RepositoryNameAsync(RootDirectory, CancellationToken.None).GetAwaiter().GetResult(),
            Sha = workspace.Sha,
            PullRequest = Pr ?? 1,
            Fork = Fork,
            Vars = vars,
            Secrets = Pairs(Secrets, "--secrets"),
            RowFilter = Pairs(Rows, "--rows", allowEmptyValue: true).GroupBy(pair => pair.Key)
                .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)Rows.Select(row => row.Split('=', 2)).Where(p => p[0] == group.Key).Select(p => p[1]).ToList()),
            RunnerEnvironment = RunnerEnvironment(runDirectory),
            LocalRegistry = vars["BACKEND_REPO"].Split('/')[0] is { Length: > 0 } host ? host : null,
        };
    }

    /// <summary>
    /// What a step starts from, like a runner's own environment: the tools' variables (PATH, HOME, DOTNET_*, DOCKER_*) and
    /// the rehearsal's inputs as the build reads parameters from the environment: the image substitutions for every
    /// target, and for a pull request where its changed files come from (the API is never asked).
    /// Like a fresh runner, the run has its own empty docker config (<see cref="RehearsalDockerConfig"/>): a login step
    /// writes its credentials there, never into the maintainer's ~/.docker/config.json, and they go with the run.
    /// </summary>
    Dictionary<string, string> RunnerEnvironment(string runDirectory)
    {
        string[] passed = ["PATH", "HOME", "USER", "TMPDIR", "NUGET_PACKAGES", "DOCKER_HOST", "DOCKER_NETWORK", "DOCKER_CLI"];
        var environment = EnvironmentVariables
            .Where(pair => passed.Contains(pair.Key) || pair.Key.StartsWith("DOTNET_", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        environment["DOCKER_CONFIG"] = RehearsalDockerConfig(runDirectory);
        if (SubstituteImages.Length > 0)
            environment["SUBSTITUTE_IMAGES"] = string.Join(' ', SubstituteImages);
        if (Event == RehearsalEvents.PullRequest)
        {
            if (ChangedFiles is not null) environment["CHANGED_FILES"] = RootPath(ChangedFiles);
            else environment["BASE_REF"] = BaseRef ?? "main";
        }
        return environment;
    }

    /// <summary>
    /// The clean worktree and the run's empty docker config, made once before the first job; worktrees and docker
    /// configs (credentials) of earlier, interrupted runs go first, never those of a rehearsal still running beside
    /// this one in the same checkout (its process named in the run folder is alive).
    /// </summary>
    async Task PrepareWorkspaceAsync(CancellationToken cancellationToken)
    {
        var run = Path.GetDirectoryName(workspace!.Path)!;
        foreach (var stale in Directory.GetDirectories(RehearsalDirectory).Where(other => other != run && !RehearsalRunOwner.IsRunning(other)))
        {
            await RemoveWorktreesAsync(stale);
            if (Directory.Exists(RehearsalDockerConfig(stale))) Directory.Delete(RehearsalDockerConfig(stale), recursive: true);
        }
        RehearsalRunOwner.Claim(run);
        Directory.CreateDirectory(RehearsalDockerConfig(run));
        await workspace.CheckOutAsync(RootDirectory, cancellationToken);
    }

    static string RehearsalDockerConfig(string runDirectory) => Path.Combine(runDirectory, "docker-config");

    /// <summary>A run's worktree and its job rows' worktrees (each row starts from its own checkout, as on GitHub).</summary>
    async Task RemoveWorktreesAsync(string runDirectory)
    {
        foreach (var job in PipelineRehearsal.JobWorkspaces(runDirectory))
            await RehearsalWorkspace.RemoveAsync(RootDirectory, job);
        await RehearsalWorkspace.RemoveAsync(RootDirectory, Path.Combine(runDirectory, "workspace"));
    }

    SubTarget RehearsalFinish => new("run summary", context =>
    {
        var summaries = Directory.Exists(Rehearsal.SummaryDirectory) ? Directory.GetFiles(Rehearsal.SummaryDirectory, "*.md").Length : 0;
        context.Note = $"{summaries} step summaries in {Rehearsal.SummaryDirectory}";
        var dockerConfig = RehearsalDockerConfig(Path.GetDirectoryName(workspace!.Path)!);
        if (Directory.Exists(dockerConfig)) Directory.Delete(dockerConfig, recursive: true);
        return RemoveWorktreesAsync(Path.GetDirectoryName(workspace!.Path)!);
    })
    {
        After = [.. Rehearsal.JobTargets().Select(job => job.Name)],
    };

    static Dictionary<string, string> Pairs(IEnumerable<string> pairs, string parameter, bool allowEmptyValue = false)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || (!allowEmptyValue && parts[1].Length == 0))
                throw new ArgumentException($"{parameter}: '{(parameter == "--secrets" ? parts[0] + "=***" : pair)}' is not NAME=VALUE");
            result[parts[0]] = parts[1];
        }
        return result;
    }
}
