using Strata.Engine;
using Strata.GitHub;
using Strata.Matrix;

partial class Build
{
    DerivedPlan? plan;
    DerivedPlan? eventPlan;
    DerivedPlan? backendPlan;

    /// <summary>Every entry of the matrix, derived: what image targets choose from. Stems, tags and refs come only from here.</summary>
    DerivedPlan Plan => plan ??= DerivePlan(LoadMatrix(), changedFiles: null);

    /// <summary>What CI builds for this event: on a pull request, only the entries its changed files select.</summary>
    DerivedPlan EventPlan => eventPlan ??= DerivePlan(LoadMatrix(), ReadChangedFiles());

    /// <summary><see cref="Plan"/>, unless --base-image replaces the upstream image of the selected backends.</summary>
    DerivedPlan BackendPlan => backendPlan ??= BaseImage is null
        ? Plan
        : DerivePlan(UpstreamImageOverride.Apply(LoadMatrix(), BaseImage, BackendSelection.Matches), changedFiles: null);

    GitHubEvent? Event => EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_PATH") is { Length: > 0 } path
        ? GitHubEvent.Read(path, EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_NAME"))
        : null;

    int? PullRequest => Pr ?? Event?.PullRequestNumber;

    IReadOnlySet<string> LangsWithBase => BaseRecipes.Discover(RootPath(BasesDir));

    BackendMatrix LoadMatrix() => AsInputError(() => MatrixFile.Load(RootPath(Matrix)));

    IReadOnlyList<string>? ReadChangedFiles()
    {
        var source = AsInputError(() => ChangedFilesSources.Select(
            changedFilesFile: ChangedFiles is null ? null : RootPath(ChangedFiles),
            baseRef: BaseRef,
            pullRequest: PullRequest,
            gitHubEvent: Event,
            repository: EnvironmentVariables.GetValueOrDefault("GITHUB_REPOSITORY"),
            token: GithubToken,
            repositoryDirectory: RootDirectory));
        if (source is null)
            return null;
        Log.Info($"Changed files: {source.Description}");
        return source.GetChangedFilesAsync().GetAwaiter().GetResult();
    }

    DerivedPlan DerivePlan(BackendMatrix matrix, IReadOnlyList<string>? changedFiles) => AsInputError(() => Derivation.Derive(matrix, new DeriveOptions
    {
        LangsWithBase = LangsWithBase,
        BaseRepo = BaseRepo ?? "",
        PullRequest = PullRequest,
        ChangedFiles = changedFiles,
    }));
}
