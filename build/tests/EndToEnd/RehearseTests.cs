using System.Text;
using System.Text.Json;
using Strata.Engine;
using Strata.GitHub.Rehearsal;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// Rehearsals of the committed pipeline, generated from the C# model, on the real engine and registry. What they rehearse
/// (README "Rehearse a pull request"): upstream images mapped to the local OS image with --substitute-images, and only
/// CPU rows on the host's runner label (<c>--rows build-type= --rows runs-on=ubuntu-latest</c>), because accelerator SDKs
/// and arm64 images are not built here in CI time.
/// </summary>
public abstract class RehearsalFixture : EndToEndEnvironment
{
    public const int PullRequest = 7;

    public BuildRun Run { get; protected set; } = null!;
    public string RunDirectory => Directory.GetDirectories(Path.Combine(Root, ".nuke", "temp", "rehearsal")).Order(StringComparer.Ordinal).Last();
    public virtual string Root => Script.RepositoryRoot;

    protected string[] CommonArguments(string changedFilesPath) =>
    [
        "Rehearse", "--event", "pull_request", "--fork", "--pr", PullRequest.ToString(), "--changed-files", changedFilesPath,
        "--rows", "build-type=", "--rows", "runs-on=ubuntu-latest",
        "--substitute-images", $"ubuntu:24.04={OsImage}",
        "--vars", $"BASE_REPO={BaseRepo}", "--vars", $"BACKEND_REPO={BackendRepo}",
        "--secrets", "REGISTRY_USERNAME=rehearsal-user", "--secrets", "REGISTRY_PASSWORD=never-shown-pw",
    ];

    protected static string ChangedFiles(params string[] paths)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("strata-rehearse-").FullName, "changed.txt");
        File.WriteAllLines(file, paths);
        return file;
    }

    /// <summary>Tags the registry holds for a repository under this class's prefix (none: an empty list).</summary>
    public async Task<IReadOnlyList<string>> RegistryTagsAsync(string repository)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{Registry}/v2/") };
        using var response = await http.GetAsync($"{repository[(Registry.Length + 1)..]}/tags/list");
        if (!response.IsSuccessStatusCode) return [];
        using var tags = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return tags.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(tag => tag.GetString()!).ToList()
            : [];
    }
}

/// <summary>A fork's pull request touching one backend (echo), rehearsed in this checkout.</summary>
public sealed class ForkPullRequestFixture : RehearsalFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Run = await RunAsync([.. CommonArguments(ChangedFiles("backend/python/echo/strata_echo/__main__.py")), "--parallel", "2"]);
    }
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
public sealed class ForkPullRequestRehearsalTests(ForkPullRequestFixture fixture) : IClassFixture<ForkPullRequestFixture>
{
    [Fact]
    public void Only_the_touched_backend_is_built_on_its_base_and_everything_else_is_left_out()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row("Rehearse[derive]").Status);
        Assert.Equal("Succeeded", run.Row("Rehearse[backends-0 Backend -cpu-echo]").Status);
        var backendRows = run.RowsContaining("Rehearse[backends-0 ");
        Assert.All(backendRows.Where(row => row.Target != "Rehearse[backends-0 Backend -cpu-echo]"), row =>
        {
            Assert.Equal("Skipped", row.Status);
            Assert.Contains("--rows leaves out", row.Note);
        });
        Assert.All(backendRows, row => Assert.Contains("-echo", row.Target));
        Assert.All(run.RowsContaining("Rehearse[build-bases "), row => Assert.Contains("python-", row.Target));
    }

    [Fact]
    public async Task Images_carry_pr_tags_and_nothing_reaches_the_registry()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var backends = await fixture.LocalTagsAsync(fixture.BackendRepo);
        Assert.Equal([$"{fixture.BackendRepo}:latest-cpu-echo-pr{RehearsalFixture.PullRequest}"], backends);
        Assert.All(await fixture.LocalTagsAsync(fixture.BaseRepo), tag => Assert.EndsWith($"-pr{RehearsalFixture.PullRequest}", tag));
        Assert.Empty(await fixture.RegistryTagsAsync(fixture.BackendRepo));
        Assert.Empty(await fixture.RegistryTagsAsync(fixture.BaseRepo));
    }

    [Fact]
    public void The_fork_gets_no_secrets_and_none_is_printed()
    {
        var run = fixture.Run;
        Assert.DoesNotContain("never-shown-pw", run.Output + run.Error);
    }

    [Fact]
    public void Step_summaries_and_the_event_payload_are_written_per_run()
    {
        var summaries = Path.Combine(fixture.RunDirectory, "summaries");
        var derive = File.ReadAllText(Path.Combine(summaries, "Rehearse_derive.md"));
        Assert.Contains("Derive", derive);
        Assert.True(File.Exists(Path.Combine(summaries, "Rehearse_backends-0_Backend_-cpu-echo.md")), string.Join(", ", Directory.GetFiles(summaries)));
        using var payload = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.RunDirectory, "event.json")));
        Assert.True(payload.RootElement.GetProperty("pull_request").GetProperty("head").GetProperty("repo").GetProperty("fork").GetBoolean());
        Assert.False(Directory.Exists(Path.Combine(fixture.RunDirectory, "workspace")), "the worktree is removed after the run");
        Assert.Empty(PipelineRehearsal.JobWorkspaces(fixture.RunDirectory));
    }

    /// <summary>
    /// Every job row starts from its own checkout, so only the artifact can spare it the compile: derive compiles and
    /// uploads, the base and backend rows download it and their ./build.sh copies it (build.sh says which it did).
    /// </summary>
    [Fact]
    public void Derive_compiles_the_build_once_and_the_base_and_backend_jobs_reuse_its_artifact()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = (run.Output + "\n" + run.Error).Split('\n');
        const string compiling = "build.sh: compiling the build", reusing = "build.sh: reusing the compiled build";
        Assert.Contains(lines, line => line.StartsWith("[Rehearse[derive]]", StringComparison.Ordinal) && line.Contains(compiling));
        Assert.Contains(lines, line => line.StartsWith("[Rehearse[backends-0 Backend -cpu-echo]]", StringComparison.Ordinal) && line.Contains(reusing));
        var baseRows = run.RowsContaining("Rehearse[build-bases ").Where(row => row.Status == "Succeeded").ToList();
        Assert.NotEmpty(baseRows);
        Assert.All(baseRows, row =>
            Assert.Contains(lines, line => line.StartsWith($"[{row.Target}]", StringComparison.Ordinal) && line.Contains(reusing)));
        Assert.Single(lines, line => line.Contains(compiling));
        var artifact = Assert.Single(Directory.GetDirectories(Path.Combine(fixture.RunDirectory, "artifacts"), "strata-build-*"));
        Assert.True(File.Exists(Path.Combine(artifact, "build.fingerprint")), $"{artifact} holds no compiled build");
    }
}

/// <summary>A temporary clone of this repository at HEAD with one change committed, where a rehearsal runs.</summary>
public abstract class CloneRehearsalFixture : RehearsalFixture
{
    string clone = null!;
    public override string Root => clone;

    protected abstract void Change(string root);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        clone = Path.Combine(Directory.CreateTempSubdirectory("strata-rehearse-clone-").FullName, "repo");
        await GitAsync(Script.RepositoryRoot, "clone", "--quiet", "--shared", Script.RepositoryRoot, clone);
        Change(clone);
        await GitAsync(clone, "add", "-A");
        await GitAsync(clone, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "test change");
    }

    protected Task<BuildRun> RunInCloneAsync(IEnumerable<string> arguments) =>
        new BuildScript(clone, new Dictionary<string, string> { ["DOCKER_HOST"] = Docker.EffectiveHost, ["DOCKER_NETWORK"] = Network ?? "" })
            .RunAsync(arguments);

    static async Task GitAsync(string directory, params string[] arguments)
    {
        var result = await ProcessTasks.RunAsync("git", ["-C", directory, .. arguments], new ProcessOptions { LogOutput = false });
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)}: {result.StandardError}");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(clone)!, recursive: true);
    }
}

/// <summary>A pull request whose golang base recipe fails, touching the golang and python recipes.</summary>
public sealed class FailingBaseFixture : CloneRehearsalFixture
{
    protected override void Change(string root) =>
        File.AppendAllText(Path.Combine(root, ".docker", "bases", "Dockerfile.golang"), "\nRUN echo 'recipe broken on purpose' && exit 3\n");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Run = await RunInCloneAsync(CommonArguments(ChangedFiles(".docker/bases/Dockerfile.golang", ".docker/bases/Dockerfile.python")));
    }
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
public sealed class FailingBaseRehearsalTests(FailingBaseFixture fixture) : IClassFixture<FailingBaseFixture>
{
    [Fact]
    public void The_failing_base_fails_its_row_its_consumers_are_skipped_unrelated_rows_finish_and_the_run_fails()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 1, run.ToString());
        var failing = run.Row("Rehearse[build-bases Base golang-cpu-");
        Assert.Equal("Failed", failing.Status);
        Assert.Contains("step 'Build base golang-cpu-", failing.Note);
        Assert.Equal("Succeeded", run.Row("Rehearse[build-bases Base python-cpu-").Status);
        Assert.Equal("Skipped", run.Row("Rehearse[backends-0]").Status);
        Assert.Empty(run.RowsContaining("Rehearse[backends-0 "));
    }
}

/// <summary>A matrix of 300 tiny generated entries: two shard jobs, each spawning its share of rows (all left out by --rows).</summary>
public sealed class TwoShardFixture : CloneRehearsalFixture
{
    public const int Entries = 300;

    protected override void Change(string root)
    {
        var matrix = new StringBuilder("include:\n");
        for (var i = 0; i < Entries; i++)
            matrix.Append($"""
                  - build-type: ''
                    platforms: 'linux/amd64'
                    tag-suffix: '-cpu-echo-{i}'
                    runs-on: 'ubuntu-latest'
                    base-image: 'ubuntu:24.04'
                    backend: 'echo'
                    dockerfile: './backend/Dockerfile.python'
                    context: './'
                    ubuntu-version: '2404'

                """);
        File.WriteAllText(Path.Combine(root, ".github", "backend-matrix.yaml"), matrix.ToString());
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Run = await RunInCloneAsync([.. CommonArguments(ChangedFiles("backend/python/echo/strata_echo/__main__.py")),
            "--rows", "tag-suffix=none", "--rows", "lang=none"]);
    }
}

[Collection(EndToEndCollection.Name)]
[Trait("Requires", "Docker")]
public sealed class TwoShardRehearsalTests(TwoShardFixture fixture) : IClassFixture<TwoShardFixture>
{
    [Fact]
    public void Both_shard_jobs_run_and_hold_every_entry_between_them()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("256 rows", run.Row("Rehearse[backends-0]").Note);
        Assert.Contains($"{TwoShardFixture.Entries - 256} rows", run.Row("Rehearse[backends-1]").Note);
        Assert.Equal(TwoShardFixture.Entries, run.RowsContaining("Rehearse[backends-0 ").Count + run.RowsContaining("Rehearse[backends-1 ").Count);
        Assert.Single(run.RowsContaining("Rehearse[backends-1 Backend -cpu-echo-299]"));
    }
}
