using Strata.Engine;
using Strata.GitHub;
using Strata.Matrix;

partial class Build
{
    DerivedPlan? plan;
    DerivedPlan? backendPlan;

    /// <summary>The derivation every target consumes: stems, tags and selection are never computed anywhere else.</summary>
    DerivedPlan Plan => plan ??= DerivePlan(MatrixFile.Load(RootPath(Matrix)));

    /// <summary>The plan image builds of backends use: <see cref="Plan"/>, unless --base-image replaces the selected entries' upstream image.</summary>
    DerivedPlan BackendPlan => backendPlan ??= BaseImage is null
        ? Plan
        : DerivePlan(UpstreamImageOverride.Apply(MatrixFile.Load(RootPath(Matrix)), BaseImage, BackendSelection.Matches));

    GitHubEvent? Event => EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_PATH") is { Length: > 0 } path
        ? GitHubEvent.Read(path, EnvironmentVariables.GetValueOrDefault("GITHUB_EVENT_NAME"))
        : null;

    int? PullRequest => Pr ?? Event?.PullRequestNumber;

    IReadOnlySet<string> LangsWithBase => BaseRecipes.Discover(RootPath(BasesDir));

    /// <summary>Null selects every entry: on a push, or when no source of changed files is given.</summary>
    IChangedFilesSource? ChangedFilesSource =>
        ChangedFiles is not null ? new ChangedFilesFile(RootPath(ChangedFiles))
        : BaseRef is not null ? new GitChangedFiles(BaseRef, RootDirectory)
        : PullRequest is { } number && Event is { RepositoryOwner: { } owner, RepositoryName: { } name }
            ? new OctokitChangedFiles(owner, name, number, GithubToken)
            : null;

    DerivedPlan DerivePlan(BackendMatrix matrix)
    {
        try
        {
            var changedFiles = PullRequest is null ? null : ChangedFilesSource;
            if (changedFiles is not null)
                Log.Info($"Changed files: {changedFiles.Description}");
            return Derivation.Derive(matrix, new DeriveOptions
            {
                LangsWithBase = LangsWithBase,
                BaseRepo = BaseRepo,
                PullRequest = PullRequest,
                ChangedFiles = changedFiles?.GetChangedFilesAsync().GetAwaiter().GetResult(),
            });
        }
        catch (MatrixException exception)
        {
            throw new BuildInputException(exception.Message);
        }
    }
}
