namespace Strata.GitHub.Workflows;

/// <summary>
/// Compile once per workflow run: the derive job, the first to run <c>./build.sh</c>, uploads the compiled build
/// (<c>.nuke/temp/bin/</c>, the artifact contract at the top of <c>build.sh</c>) and every other job downloads it into
/// <see cref="Folder"/>, which the workflow's <see cref="Variable"/> names for every step, so their <c>./build.sh</c>
/// copies it instead of compiling. <c>build.sh</c> takes it only when its fingerprint (sources, OS, architecture)
/// matches and compiles otherwise, so a missing, failed or foreign download costs time, never a job.
/// </summary>
/// <remarks>
/// Only linux x64 runners download it: the derive job runs on one, and the fingerprint would send any other runner
/// (arm64 legs, the macOS job) to compiling anyway, so they skip the download and compile from the start. The name
/// carries the run attempt because re-running all jobs uploads again, and an artifact name is unique within a run; the
/// consumers read the name from the derive job's outputs, so a re-run of failed jobs only (derive not rerun) still
/// finds the first attempt's artifact. A day of retention: the artifact is useful only to its own run.
/// </remarks>
public static class CompiledBuildArtifact
{
    /// <summary>Read by <c>build.sh</c>: a compiled build to reuse (relative paths start at the repository root).</summary>
    public const string Variable = "STRATA_PREBUILT_BIN";

    /// <summary>Where <c>build.sh</c> leaves the compiled build, the artifact's content.</summary>
    public const string CompiledFolder = ".nuke/temp/bin/";

    /// <summary>Where consumers download it, relative to the workspace (ignored by git with the rest of <c>.nuke/temp</c>).</summary>
    public const string Folder = ".nuke/temp/prebuilt-build";

    /// <summary>The derive job's output that names the artifact of this run.</summary>
    public const string NameOutput = "build-artifact";

    public const string DownloadStepId = "compiled-build";

    /// <summary>The artifact's name, evaluated in the derive job (unique per run and attempt).</summary>
    public static readonly string Name = "strata-build-" + Expression.Wrap("github.run_id") + "-" + Expression.Wrap("github.run_attempt");

    /// <summary>The runners whose <c>./build.sh</c> can use the artifact: the derive job's OS and architecture.</summary>
    public const string RunnerCondition = "runner.os == 'Linux' && runner.arch == 'X64'";

    /// <summary>The derive job's last step, after its <c>./build.sh</c> compiled the build.</summary>
    /// <remarks>
    /// No <c>include-hidden-files</c>: upload-artifact's glob skips items whose own name starts with a dot, and its
    /// search starts at the path itself (<c>bin</c>), so the <c>.nuke</c> above it does not hide the folder's files.
    /// </remarks>
    public static Step Upload() => new()
    {
        Name = "Upload the compiled build",
        Uses = ActionReferences.UploadArtifact,
        ContinueOnError = true,
        With =
        [
            ("name", Name),
            ("path", CompiledFolder),
            ("if-no-files-found", "error"),
            ("retention-days", "1"),
        ],
    };

    /// <param name="producerJobId">The job that uploaded it; the consumer must list it in <c>needs</c>.</param>
    public static Step Download(string producerJobId) => new()
    {
        Name = "Download the compiled build",
        Id = DownloadStepId,
        If = RunnerCondition,
        Uses = ActionReferences.DownloadArtifact,
        ContinueOnError = true,
        With =
        [
            ("name", Expression.Wrap($"needs.{producerJobId}.outputs.{NameOutput}")),
            ("path", Folder),
        ],
    };

    /// <summary>True for a step that needs NuGet packages only to compile: skip it when the compiled build arrived.</summary>
    public static readonly string NotDownloaded = $"steps.{DownloadStepId}.outcome != 'success'";
}
