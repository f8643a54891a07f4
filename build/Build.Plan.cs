using Strata.Engine;
using Strata.GitHub;
using Strata.Matrix;

partial class Build
{
    BackendMatrix? matrix;
    DerivedPlan? plan;
    DerivedPlan? eventPlan;
    DerivedPlan? backendPlan;
    IReadOnlySet<string>? langsWithBase;
    (GitHubEvent? Value, bool Read) gitHubEvent;

    /// <summary>Every entry of the matrix, derived: what image targets choose from. Stems, tags and refs come only from here.</summary>
    DerivedPlan Plan => plan ??= DerivePlan(LoadedMatrix, changedFiles: null);

    /// <summary>What CI builds for this event: on a pull request, only the entries its changed files select.</summary>
    DerivedPlan EventPlan => eventPlan ??= DerivePlan(LoadedMatrix, ReadChangedFiles());

    /// <summary><see cref="Plan"/>, unless --base-image replaces the upstream image of the selected backends.</summary>
    DerivedPlan BackendPlan => backendPlan ??= BaseImage is null
        ? Plan
        : DerivePlan(UpstreamImageOverride.Apply(LoadedMatrix, BaseImage, BackendSelection.Matches), changedFiles: null);

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

    GitHubEvent? ReadEvent() => EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_PATH") is { Length: > 0 } path
        ? AsInputError(() => GitHubEvent.Read(path, EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_NAME")))
        : null;

    IReadOnlyList<string>? ReadChangedFiles()
    {
        var source = AsInputError(() => ChangedFilesSources.Select(
            changedFilesFile: ChangedFiles is null ? null : RootPath(ChangedFiles),
            baseRef: BaseRef,
            pullRequest: PullRequest,
            gitHubEvent: EventPayload,
            repository: EnvironmentVariables.GetValueOrDefault("GITHUB_REPOSITORY"),
            token: GithubToken,
            repositoryDirectory: RootDirectory));
        if (source is null)
            return null;
        Log.Info($"Changed files: {source.Description}");
        return source.GetChangedFilesAsync(AbortToken).GetAwaiter().GetResult();
    }

    DerivedPlan DerivePlan(BackendMatrix matrix, IReadOnlyList<string>? changedFiles) => AsInputError(() => Derivation.Derive(matrix, new DeriveOptions
    {
        LangsWithBase = LangsWithBase,
        BaseRepo = BaseRepo ?? "",
        PullRequest = PullRequest,
        ChangedFiles = changedFiles,
        ShardSize = RunnerPolicy.MaxMatrixJobs,
        CancellationToken = AbortToken,
    }));
}
