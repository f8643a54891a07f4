using Strata.GitHub.Workflows;

namespace Strata.Tests.GitHub.Workflows;

public class WorkflowDriftTests
{
    static readonly IReadOnlyList<WorkflowFile> Generated = PipelineCases.Create(shards: 2, darwin: true);
    const string Publish = ".github/workflows/backend.yml";
    const string PullRequest = ".github/workflows/backend-pr.yml";

    static string FullPath(TempDirectory repo, string path) => Path.Combine(repo.Path, path);

    [Fact]
    public void Freshly_written_files_have_no_drift()
    {
        using var repo = new TempDirectory();

        var written = WorkflowWriter.WriteAll(Generated, repo.Path);

        Assert.Equal([Publish, PullRequest], written);
        Assert.Empty(WorkflowDrift.Check(Generated, repo.Path));
        Assert.Equal(WorkflowYaml.Render(Generated[0]), File.ReadAllText(FullPath(repo, Publish)));
        Assert.Empty(WorkflowWriter.WriteAll(Generated, repo.Path));
    }

    [Fact]
    public void A_manual_edit_is_drift_with_a_unified_diff_and_writing_again_repairs_it()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(Generated, repo.Path);
        var path = FullPath(repo, Publish);
        File.WriteAllText(path, new System.Text.RegularExpressions.Regex("timeout-minutes: 15").Replace(File.ReadAllText(path), "timeout-minutes: 60", 1));

        var drift = Assert.Single(WorkflowDrift.Check(Generated, repo.Path));

        Assert.Equal(Publish, drift.Path);
        Assert.Equal(DriftKind.Changed, drift.Kind);
        Assert.StartsWith($"--- a/{Publish}\n+++ b/{Publish}\n@@ ", drift.Diff);
        Assert.Equal(["-    timeout-minutes: 60", "+    timeout-minutes: 15"],
            drift.Diff.Split('\n').Skip(2).Where(l => l.StartsWith('-') || l.StartsWith('+')));
        Assert.Contains("\n     runs-on: ubuntu-latest\n", drift.Diff);

        Assert.Equal([Publish], WorkflowWriter.WriteAll(Generated, repo.Path));
        Assert.Empty(WorkflowDrift.Check(Generated, repo.Path));
    }

    [Fact]
    public void The_report_names_each_drifted_file_the_fix_and_carries_the_diffs()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(Generated, repo.Path);
        File.AppendAllText(FullPath(repo, Publish), "# edited\n");
        File.Delete(FullPath(repo, PullRequest));
        var drift = WorkflowDrift.Check(Generated, repo.Path);

        var report = WorkflowDrift.Report(drift);

        Assert.StartsWith($"2 workflow file(s) differ from what ./build.sh GenerateWorkflows produces ({Publish}: changed, {PullRequest}: missing); run ./build.sh GenerateWorkflows", report);
        Assert.Contains("-# edited\n", report);
        Assert.Contains($"+++ b/{PullRequest}\n", report);
        Assert.Equal("the committed workflows are up to date", WorkflowDrift.Report([]));
    }

    [Fact]
    public void A_missing_generated_file_is_drift()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(Generated, repo.Path);
        File.Delete(FullPath(repo, PullRequest));

        var drift = Assert.Single(WorkflowDrift.Check(Generated, repo.Path));

        Assert.Equal(DriftKind.Missing, drift.Kind);
        Assert.StartsWith($"--- /dev/null\n+++ b/{PullRequest}\n@@ -0,0 +1,", drift.Diff);
    }

    [Fact]
    public void A_generated_file_no_longer_produced_is_drift_and_is_removed_but_hand_written_workflows_are_left_alone()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(Generated, repo.Path);
        File.Copy(FullPath(repo, Publish), FullPath(repo, ".github/workflows/old-generated.yaml"));
        File.WriteAllText(FullPath(repo, ".github/workflows/hand-written.yml"), "name: mine\non: push\n");

        var drift = Assert.Single(WorkflowDrift.Check(Generated, repo.Path));
        Assert.Equal((".github/workflows/old-generated.yaml", DriftKind.Extra), (drift.Path, drift.Kind));
        Assert.StartsWith("--- a/.github/workflows/old-generated.yaml\n+++ /dev/null\n", drift.Diff);

        Assert.Equal([".github/workflows/old-generated.yaml"], WorkflowWriter.WriteAll(Generated, repo.Path));
        Assert.Empty(WorkflowDrift.Check(Generated, repo.Path));
        Assert.True(File.Exists(FullPath(repo, ".github/workflows/hand-written.yml")));
    }

    [Fact]
    public void A_matrix_that_outgrows_the_committed_shard_count_is_drift()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(PipelineCases.Create(shards: 1, darwin: true), repo.Path);

        var drift = WorkflowDrift.Check(PipelineCases.Create(shards: 2, darwin: true), repo.Path);

        Assert.Equal([Publish, PullRequest], drift.Select(d => d.Path));
        Assert.All(drift, d => Assert.Contains("+  backends-1:\n", d.Diff));
        Assert.All(drift, d => Assert.Contains("+      matrix-1: ${{ steps.derive.outputs.matrix-1 }}\n", d.Diff));
    }

    [Fact]
    public void A_checkout_with_crlf_line_endings_is_not_drift()
    {
        using var repo = new TempDirectory();
        WorkflowWriter.WriteAll(Generated, repo.Path);
        var path = FullPath(repo, Publish);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n"));

        Assert.Empty(WorkflowDrift.Check(Generated, repo.Path));
    }
}
