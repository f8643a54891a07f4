using Strata.Engine;
using Strata.GitHub;
using Strata.Matrix;

partial class Build
{
    DerivedPlan? plan;

    /// <summary>The one derivation every target consumes: stems, tags and selection are never computed twice.</summary>
    DerivedPlan Plan => plan ??= DerivePlan();

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

    BackendMatrix LoadMatrix()
    {
        var matrix = MatrixFile.Load(RootPath(Matrix));
        return BaseImage is null ? matrix : UpstreamImageOverride.Apply(matrix, BaseImage);
    }

    DerivedPlan DerivePlan()
    {
        try
        {
            var changedFiles = PullRequest is null ? null : ChangedFilesSource;
            if (changedFiles is not null)
                Log.Info($"Changed files: {changedFiles.Description}");
            return Derivation.Derive(LoadMatrix(), new DeriveOptions
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
