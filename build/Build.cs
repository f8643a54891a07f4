using Strata;
using Strata.Engine;
using Strata.Images;
using Strata.Matrix;
using Strata.Matrix.Changes;

/// <summary>
/// The build: parameters live here, targets in the partial file of their concern.
/// <list type="bullet">
/// <item>Build.Ci.cs: Derive (default), GenerateWorkflows, CheckWorkflows</item>
/// <item>Build.Bases.cs: BuildBase</item>
/// <item>Build.Backends.cs: BuildBackend, BackendAll; Build.Merge.cs: MergeBackend</item>
/// <item>Build.Rehearse.cs: Rehearse</item>
/// <item>Build.Docker.cs: ConnectDocker (unlisted), Build.Plan.cs: the derived plan every target reads</item>
/// </list>
/// </summary>
partial class Build : NukeBuild
{
    public static int Main(string[] args) => Execute<Build>(args, x => x.Derive);

    const string DefaultRules = ".github/backend-rules.yaml";

    [Parameter("Backend matrix file (linux:/darwin: or include:/includeDarwin:)")] readonly string Matrix = ".github/backend-matrix.yaml";
    [Parameter("Folder of base recipes; a lang has a base when Dockerfile.<lang> exists there")] readonly string BasesDir = ".docker/bases";
    [Parameter("Change rules: source dirs, Dockerfile kinds' base langs, and which entries a changed file selects")] readonly string Rules = DefaultRules;
    [Parameter("Repository of base images and build caches, e.g. quay.io/go-skynet/ci-cache")] readonly string? BaseRepo;
    [Parameter("Repository of backend images")] readonly string? BackendRepo;
    [Parameter("Pull request number: tags get -pr<N>; caches are read, never written (default: from GITHUB_EVENT_PATH)")] readonly int? Pr;
    [Parameter("File of changed paths, one per line, for pull-request selection")] readonly string? ChangedFiles;
    [Parameter("Git ref whose merge base gives the changed paths, for pull-request selection")] readonly string? BaseRef;
    [Parameter("Write the derivation outputs as one JSON object to this file")] readonly string? OutputJson;
    [Parameter("Token for the GitHub API (a pull request's changed files)"), Secret] readonly string? GithubToken;
    [Parameter("Backend shard jobs the workflow running Derive has; Derive fails when the matrix needs more")] readonly int? BackendShards;

    [Parameter("Language of the base: a lang with a recipe in --bases-dir")] readonly string? Lang;
    [Parameter("Accelerator (matrix build-type names are accepted too: cublas = cuda, hipblas = rocm)")] readonly Accelerator? Accel;
    [Parameter("Ubuntu version of the base, e.g. 2404")] readonly string? Ubuntu;
    [Parameter("CUDA version X.Y for cuda and l4t")] readonly string? Cuda;
    [Parameter("CUDA version X.Y when --cuda is not given and the matrix has several")] readonly string? DefaultCuda;
    [Parameter("Base flavour whose upstream image already holds the accelerator SDK (matrix skip-drivers)")] readonly bool SkipDrivers;
    [Parameter("Upstream image; on BuildBackend and BackendAll it replaces the upstream image of every selected entry")] readonly string? BaseImage;
    [Parameter("Upstream image per accelerator (accel=image) for flavours the matrix does not declare")] readonly string[] UpstreamImages = [];
    [Parameter("Platform to build: linux/amd64, linux/arm64 or both comma-separated; selects the rows that list it (default: the host's, or the row's with --tag-suffix; a pull request builds one platform, the host's when listed)")] readonly string? Platform;
    [Parameter("Backends to build, by name")] readonly string[] Backend = [];
    [Parameter("One matrix entry to build, by its tag-suffix")] readonly string? TagSuffix;
    [Parameter("Folder of the digests legs record when they push and MergeBackend/MergeBase read (<tag-suffix>/ or base-image-<stem>/<platform-tag>.digest)")] readonly string DigestsDir = DefaultDigestsDir;
    [Parameter("Release version whose tag MergeBackend publishes beside latest: <version><tag-suffix>, e.g. v3.1.0")] readonly string? VersionTag;
    [Parameter("Push the images to their registry (registry caches are written on every build outside pull requests)")] readonly bool Push;
    [Parameter("Build bases even when an image with the same inputs hash exists")] readonly bool Force;
    [Parameter("Upstream images replaced in every matrix entry before derivation, FROM=TO (images this machine cannot pull)")] readonly string[] SubstituteImages = [];
    [Parameter("Period mixed into the base inputs hash, so bases refresh at least once per period (default: ISO week)")] readonly string? RefreshWindow;

    const string DefaultDigestsDir = ".nuke/temp/digests";

    protected override void OnBuildInitialized()
    {
        // A broken rules file is bad input for every target: report it before anything runs.
        _ = LoadedRules;
        if (Pr is < 1)
            throw new BuildInputException($"--pr: '{Pr}' is not a pull request number (a positive integer)");
        if (BackendShards is < 1)
            throw new BuildInputException($"--backend-shards: '{BackendShards}' must be at least 1");
        foreach (var (option, repository) in new[] { ("--base-repo", BaseRepo), ("--backend-repo", BackendRepo) })
            if (repository is not null && RepositoryName.Problem(repository) is { } problem)
                throw new BuildInputException($"{option}: '{Printable.Quote(repository)}' {problem}");
        if (Lang is not null && !LangsWithBase.Contains(Lang))
            throw new BuildInputException($"--lang: '{Lang}' has no base recipe in {BasesDir}; valid values: {string.Join(", ", LangsWithBase.Order(StringComparer.Ordinal))}");
        if (Platform is not null && Platforms.Parse(Platform).FirstOrDefault(platform => !Platforms.Valid.Contains(platform)) is { } invalid)
            throw new BuildInputException($"--platform: '{invalid}' is not valid; valid values: {string.Join(", ", Platforms.Valid)}");
    }

    string RootPath(string path) => Path.GetFullPath(path, RootDirectory);

    /// <summary>Domain code reports bad input with its own exceptions; the engine reports these as one line and exit code 2.</summary>
    static T AsInputError<T>(Func<T> select)
    {
        try
        {
            return select();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException or FileNotFoundException)
        {
            throw new BuildInputException(exception.Message);
        }
    }
}
