using Strata.GitHub.Rehearsal;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>The digest channel of legs and merges as the rehearsal plays it: uploads by name, a download by pattern.</summary>
public sealed class ArtifactActionTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("strata-artifacts-").FullName;

    RehearsalSettings Settings(string workspace) => new()
    {
        EventName = "push",
        Workspace = Path.Combine(root, workspace),
        RunDirectory = Path.Combine(root, "run"),
        Repository = "owner/repo",
        Sha = new string('a', 40),
    };

    Task<StepResult> Run(string action, string workspace, params (string Key, string Value)[] with) =>
        ActionTable.Find(action).Run(new ActionCall(action, with.ToDictionary(pair => pair.Key, pair => pair.Value), Settings(workspace),
            new Dictionary<string, string?>()), CancellationToken.None);

    [Fact]
    public async Task A_download_by_pattern_with_merge_multiple_puts_every_matching_legs_files_into_one_folder()
    {
        foreach (var (job, platform) in new[] { ("leg0", "amd64"), ("leg1", "arm64"), ("other", "amd64") })
        {
            var stem = job == "other" ? "rust-cpu-2404" : "shell-cpu-2404";
            var file = Path.Combine(root, job, "digests", $"base-image-{stem}", platform + ".digest");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"{job}\n");
            var upload = await Run("actions/upload-artifact@v4", job, ("name", $"base-digests-{stem}@{job}"), ("path", "digests/"), ("if-no-files-found", "error"));
            Assert.True(upload.Succeeded, upload.Failure);
        }

        var download = await Run("actions/download-artifact@v4", "merge", ("pattern", "base-digests-shell-cpu-2404@*"), ("path", "digests/"), ("merge-multiple", "true"));

        Assert.True(download.Succeeded, download.Failure);
        var merged = Path.Combine(root, "merge", "digests");
        Assert.Equal(["base-image-shell-cpu-2404/amd64.digest", "base-image-shell-cpu-2404/arm64.digest"],
            Directory.GetFiles(merged, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(merged, file).Replace('\\', '/')).Order());
        Assert.Equal("leg1\n", File.ReadAllText(Path.Combine(merged, "base-image-shell-cpu-2404", "arm64.digest")));
    }

    [Fact]
    public async Task Without_merge_multiple_each_matching_artifact_keeps_its_own_folder_and_no_match_downloads_nothing()
    {
        var file = Path.Combine(root, "leg", "digests", "-cpu-a", "amd64.digest");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "x\n");
        Assert.True((await Run("actions/upload-artifact@v4", "leg", ("name", "digests-cpu-a@0-1"), ("path", "digests/"))).Succeeded);

        Assert.True((await Run("actions/download-artifact@v4", "merge", ("pattern", "digests-cpu-a@*"), ("path", "out/"))).Succeeded);
        Assert.True((await Run("actions/download-artifact@v4", "none", ("pattern", "digests-cpu-b@*"), ("path", "out/"))).Succeeded);

        Assert.True(File.Exists(Path.Combine(root, "merge", "out", "digests-cpu-a@0-1", "-cpu-a", "amd64.digest")));
        Assert.False(Directory.Exists(Path.Combine(root, "none", "out")));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
