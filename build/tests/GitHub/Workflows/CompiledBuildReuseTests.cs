using Strata.GitHub.Rehearsal;
using Strata.GitHub.Workflows;

namespace Strata.Tests.GitHub.Workflows;

/// <summary>
/// Compile once per workflow run (<see cref="CompiledBuildArtifact"/>): derive uploads the compiled build after its
/// <c>./build.sh</c>, every other job that calls <c>./build.sh</c> downloads it before its first call on linux x64
/// runners (a missing artifact never fails it), and <c>STRATA_PREBUILT_BIN</c> names the download folder for every step.
/// Checked on the typed model for every job, so jobs added later are held to it too.
/// </summary>
public sealed class CompiledBuildReuseTests
{
    public static TheoryData<int, bool, int> Shapes => new()
    {
        { 1, false, 0 },
        { 2, true, 1 },
        { 1, true, 2 },
    };

    static IEnumerable<Workflow> Workflows(int shards, bool darwin, int merges) =>
        BackendPipeline.Create(PipelineCases.Options(shards, darwin, localAi: true) with { MergeShardCount = merges }).Select(file => file.Workflow);

    static bool CallsTheBuild(Step step) => step.Command is not null;

    static bool Uploads(Step step) => step.Uses == ActionReferences.UploadArtifact && step.With.Any(w => w == ("path", CompiledBuildArtifact.CompiledFolder));

    static bool Downloads(Step step) => step.Id == CompiledBuildArtifact.DownloadStepId;

    static bool IsNuGetCache(Step step) => step.Uses == ActionReferences.Cache || step.Uses == ActionReferences.CacheRestore;

    static string? With(Step step, string key) => step.With.FirstOrDefault(w => w.Key == key).Value;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Derive_uploads_the_compiled_build_after_its_build_call_under_a_per_run_attempt_name(int shards, bool darwin, int merges)
    {
        foreach (var workflow in Workflows(shards, darwin, merges))
        {
            var derive = workflow.Jobs.Single(job => job.Id == BackendPipeline.DeriveJobId);
            var steps = derive.Steps.ToList();
            var upload = Assert.Single(steps, Uploads);
            Assert.True(steps.IndexOf(upload) > steps.FindLastIndex(CallsTheBuild), "the upload must follow the derive job's ./build.sh (it compiles)");
            Assert.DoesNotContain(steps, Downloads);
            Assert.Equal(ActionReferences.UploadArtifact.Reference, upload.Uses);
            Assert.True(upload.ContinueOnError, "a failed upload only costs the other jobs a compile");
            Assert.Equal("1", With(upload, "retention-days"));
            var name = With(upload, "name")!;
            Assert.Contains("${{ github.run_id }}", name);
            Assert.Contains("${{ github.run_attempt }}", name);
            Assert.Equal(name, derive.Outputs.Single(o => o.Key == CompiledBuildArtifact.NameOutput).Value);
            Assert.Equal(1, workflow.Jobs.Sum(job => job.Steps.Count(Uploads)));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_other_linux_job_calling_the_build_downloads_it_first_and_restores_NuGet_only_without_it(int shards, bool darwin, int merges)
    {
        foreach (var workflow in Workflows(shards, darwin, merges))
        {
            Assert.Equal(CompiledBuildArtifact.Folder, workflow.Env.Single(e => e.Key == CompiledBuildArtifact.Variable).Value);
            var consumers = workflow.Jobs.Where(job => job.Id != BackendPipeline.DeriveJobId && job.Steps.Any(CallsTheBuild)
                && !job.RunsOn.StartsWith("macos", StringComparison.Ordinal)).ToList();
            Assert.Contains(consumers, job => job.Id == BackendPipeline.BuildBasesJobId);
            Assert.Equal(shards, consumers.Count(job => job.Id.StartsWith("backends-", StringComparison.Ordinal)));
            foreach (var job in consumers)
            {
                var steps = job.Steps.ToList();
                var download = Assert.Single(steps, Downloads);
                Assert.True(steps.IndexOf(download) < steps.FindIndex(CallsTheBuild), $"{job.Id}: the download must precede the first ./build.sh");
                Assert.Equal(ActionReferences.DownloadArtifact.Reference, download.Uses);
                Assert.Equal(CompiledBuildArtifact.RunnerCondition, download.If);
                Assert.True(download.ContinueOnError, $"{job.Id}: a missing artifact must not fail the job");
                Assert.Equal($"${{{{ needs.{BackendPipeline.DeriveJobId}.outputs.{CompiledBuildArtifact.NameOutput} }}}}", With(download, "name"));
                Assert.Equal(CompiledBuildArtifact.Folder, With(download, "path"));
                Assert.Contains(BackendPipeline.DeriveJobId, job.Needs);
                var cache = Assert.Single(steps, IsNuGetCache);
                Assert.True(steps.IndexOf(cache) > steps.IndexOf(download));
                Assert.Equal(CompiledBuildArtifact.NotDownloaded, cache.If);
                Assert.DoesNotContain(job.Env, e => e.Key == CompiledBuildArtifact.Variable);
                Assert.All(steps, step => Assert.DoesNotContain(step.Env, e => e.Key == CompiledBuildArtifact.Variable));
            }
            if (merges > 0 && workflow.On.Push is not null)
                Assert.Equal(merges, consumers.Count(job => job.Id.StartsWith("merge-", StringComparison.Ordinal) && job.Id != BackendPipeline.MergeBasesJobId));
            if (workflow.On.Push is not null)
                Assert.Contains(consumers, job => job.Id == BackendPipeline.MergeBasesJobId);
        }
    }

    [Fact]
    public void The_darwin_job_compiles_its_own_build_and_restores_NuGet_packages()
    {
        foreach (var workflow in Workflows(1, darwin: true, merges: 0))
        {
            var darwin = workflow.Jobs.Single(job => job.Id == BackendPipeline.DarwinJobId);
            Assert.DoesNotContain(darwin.Steps, Downloads);
            Assert.Null(Assert.Single(darwin.Steps, IsNuGetCache).If);
        }
    }

    [Theory]
    [InlineData("Linux", "X64", true)]
    [InlineData("Linux", "ARM64", false)]
    [InlineData("macOS", "ARM64", false)]
    [InlineData("Windows", "X64", false)]
    public void Only_runners_of_the_derive_jobs_OS_and_architecture_download(string os, string arch, bool downloads)
    {
        var scope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["runner"] = ExpressionValues.Object([("os", os), ("arch", arch)]),
        }, new StatusView(Succeeded: true, Failed: false, Cancelled: false));
        Assert.Equal(downloads, ExpressionEvaluator.Condition(CompiledBuildArtifact.RunnerCondition, scope));
    }

    [Theory]
    [InlineData("success", false)]
    [InlineData("failure", true)]
    [InlineData("skipped", true)]
    public void NuGet_packages_are_restored_unless_the_compiled_build_arrived(string downloadOutcome, bool restores)
    {
        var scope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["steps"] = ExpressionValues.Object(new Dictionary<string, object?>
            {
                [CompiledBuildArtifact.DownloadStepId] = ExpressionValues.Object([("outcome", downloadOutcome), ("conclusion", "success")]),
            }),
        }, new StatusView(Succeeded: true, Failed: false, Cancelled: false));
        Assert.Equal(restores, ExpressionEvaluator.Condition(CompiledBuildArtifact.NotDownloaded, scope));
    }
}
