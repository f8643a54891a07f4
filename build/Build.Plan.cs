using Strata.Engine;
using Strata.GitHub;
using Strata.Matrix;
using Strata.Matrix.Changes;

partial class Build
{
    BackendMatrix? matrix;
    DerivedPlan? plan;
    DerivedPlan? eventPlan;
    DerivedPlan? backendPlan;
    IReadOnlySet<string>? langsWithBase;
    ChangeRules? rules;
    (GitHubEvent? Value, bool Read) gitHubEvent;

    /// <summary>Every entry of the matrix, derived: what image targets choose from. Stems, tags and refs come only from here.</summary>
    DerivedPlan Plan => plan ??= DerivePlan(LoadedMatrix, changes: null);

    /// <summary>What CI builds for this event: the entries the change rules select for its changed files, or everything.</summary>
    DerivedPlan EventPlan => eventPlan ??= DerivePlan(LoadedMatrix, DetectChanges());

    /// <summary><see cref="Plan"/>, unless --base-image replaces the upstream image of the selected backends.</summary>
    DerivedPlan BackendPlan => backendPlan ??= BaseImage is null
        ? Plan
        : DerivePlan(UpstreamImageOverride.Apply(LoadedMatrix, BaseImage, BackendSelection.Matches), changes: null);

    GitHubEvent? EventPayload => gitHubEvent.Read
        ? gitHubEvent.Value
        : (gitHubEvent = (ReadEvent(), true)).Value;

    int? PullRequest => Pr ?? EventPayload?.PullRequestNumber;

    IReadOnlySet<string> LangsWithBase => langsWithBase ??= Directory.Exists(RootPath(BasesDir))
        ? BaseRecipes.Discover(RootPath(BasesDir))
        : throw new BuildInputException($"--bases-dir: folder '{Printable.Quote(BasesDir)}' not found under {RootDirectory}");

    BackendMatrix LoadedMatrix => matrix ??= AsInputError(() => UpstreamImageSubstitution.Apply(
        MatrixFile.Load(RootPath(Matrix), AbortToken),
        UpstreamImageSubstitution.Parse(SubstituteImages, "--substitute-images")));

    /// <summary>The rules file; a repository without one (at the default path) has no rules: kinds are their own base langs and no file selects anything.</summary>
    ChangeRules LoadedRules => rules ??= AsInputError(() =>
        Rules == DefaultRules && !File.Exists(RootPath(Rules))
            ? ChangeRules.None(RootPath(Rules))
            : ChangeRulesFile.Load(RootPath(Rules), RepositoryRelative(BasesDir) ?? BasesDir));

    /// <summary>A path relative to the repository root with '/' separators; null when it lies outside.</summary>
    string? RepositoryRelative(string path)
    {
        var relative = Path.GetRelativePath(RootDirectory, RootPath(path)).Replace('\\', '/');
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    GitHubEvent? ReadEvent() => EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_PATH") is { Length: > 0 } path
        ? AsInputError(() => GitHubEvent.Read(path, EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_NAME")))
        : null;

    DetectedChanges DetectChanges()
    {
        var repository = EnvironmentVariables.GetValueOrDefault("GITHUB_REPOSITORY");
        var scope = AsInputError(() => ChangedFilesSources.Select(
            changedFilesFile: ChangedFiles is null ? null : RootPath(ChangedFiles),
            baseRef: BaseRef,
            pullRequest: PullRequest,
            gitHubEvent: EventPayload,
            repository: repository,
            token: GithubToken,
            repositoryDirectory: RootDirectory)) is { } source
            ? new EventScope(source, null)
            : ChangedFilesSources.ForEvent(EventPayload, repository, GithubToken, RootDirectory, EnvironmentVariables.GetValueOrDefault("GITHUB_SHA"));
        if (scope.Source is { } changedFiles)
            Log.Info($"Changed files: {changedFiles.Description}");
        var detected = AsInputError(() => ChangeDetection.DetectAsync(scope, RepositoryRelative(Matrix), LoadedRules, AbortToken).GetAwaiter().GetResult());
        foreach (var warning in detected.Warnings)
            Log.Warning(warning);
        return detected;
    }

    DerivedPlan DerivePlan(BackendMatrix matrix, DetectedChanges? changes) => AsInputError(() => Derivation.Derive(matrix, new DeriveOptions
    {
        LangsWithBase = LangsWithBase,
        BaseRepo = BaseRepo ?? "",
        PullRequest = PullRequest,
        Rules = LoadedRules,
        ChangedFiles = changes?.Files,
        EverythingReason = changes?.EverythingReason,
        Changes = changes?.Context ?? new ChangeContext(),
        ShardSize = RunnerPolicy.MaxMatrixJobs,
        CancellationToken = AbortToken,
    }));
}
