using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Strata.GitHub;
using Strata.Matrix.Changes;

namespace Strata.Tests.GitHub.ChangedFiles;

/// <summary>
/// Push filtering: the compare API through a fake HTTP handler (a normal list, a list at GitHub's 300-file limit,
/// an error), git in the clone when there is no token, and which events build everything.
/// </summary>
public sealed class PushChangesTests : IDisposable
{
    const string Before = "1111111111111111111111111111111111111111";
    const string After = "2222222222222222222222222222222222222222";
    static readonly ChangeRules NoRules = ChangeRules.None("rules.yaml");
    readonly ScratchGitRepository repository = new();

    public void Dispose() => repository.Dispose();

    /// <summary>Answers GET /repos/{o}/{r}/compare/{base}...{head} with the given files, or with an error status.</summary>
    sealed class CompareApi(IReadOnlyList<string> files, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            if (status != HttpStatusCode.OK)
                return Task.FromResult(new HttpResponseMessage(status)
                {
                    Content = new StringContent("{\"message\":\"Server Error\"}", Encoding.UTF8, "application/json"),
                    RequestMessage = request,
                });
            var body = new JsonObject
            {
                ["url"] = "https://api.github.com/repos/o/r/compare/x",
                ["status"] = "ahead", ["ahead_by"] = 1, ["behind_by"] = 0, ["total_commits"] = 1,
                ["commits"] = new JsonArray(),
                ["files"] = new JsonArray(files.Select(name => (JsonNode)new JsonObject
                {
                    ["sha"] = "0123456789abcdef0123456789abcdef01234567",
                    ["filename"] = name,
                    ["status"] = name.EndsWith(".renamed") ? "renamed" : "modified",
                    ["previous_filename"] = name.EndsWith(".renamed") ? "old/" + name : null,
                    ["additions"] = 1, ["deletions"] = 0, ["changes"] = 1,
                }).ToArray()),
            };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }

    static Task<DetectedChanges> Detect(IChangedFilesSource source) =>
        ChangeDetection.DetectAsync(new EventScope(source, null), ".github/backend-matrix.yaml", NoRules);

    [Fact]
    public async Task The_compare_api_lists_the_push_files_with_renames_under_both_names()
    {
        var api = new CompareApi(["backend/python/vllm/backend.py", "backend/go/x.renamed"]);

        var detected = await Detect(new OctokitCompare("mudler", "LocalAI", Before, After, "secret-token", api));

        Assert.Equal(["backend/python/vllm/backend.py", "backend/go/x.renamed", "old/backend/go/x.renamed"], detected.Files);
        Assert.Null(detected.EverythingReason);
        Assert.Empty(detected.Warnings);
        var request = Assert.Single(api.Requests);
        Assert.Equal($"/repos/mudler/LocalAI/compare/{Before}...{After}", request.RequestUri!.AbsolutePath);
        Assert.Equal("secret-token", request.Headers.Authorization?.Parameter);
    }

    [Fact]
    public async Task A_list_of_299_files_is_complete()
    {
        var detected = await Detect(new OctokitCompare("o", "r", Before, After, "t", new CompareApi(Files(299))));

        Assert.Equal(299, detected.Files!.Count);
    }

    [Fact]
    public async Task A_list_at_the_300_file_limit_may_be_cut_so_everything_builds_with_a_warning()
    {
        var detected = await Detect(new OctokitCompare("o", "r", Before, After, "t", new CompareApi(Files(300))));

        Assert.Null(detected.Files);
        Assert.Contains("300 files, GitHub's limit of 300", detected.EverythingReason);
        Assert.Contains("building everything", Assert.Single(detected.Warnings));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task An_api_error_is_not_an_error_but_builds_everything_with_a_warning(HttpStatusCode status)
    {
        var detected = await Detect(new OctokitCompare("o", "r", Before, After, "secret-token", new CompareApi([], status)));

        Assert.Null(detected.Files);
        Assert.Contains("failed", detected.EverythingReason);
        Assert.Contains("building everything", Assert.Single(detected.Warnings));
        Assert.DoesNotContain("secret-token", detected.Warnings[0]);
    }

    [Fact]
    public async Task Without_a_token_git_diffs_the_push_in_the_clone()
    {
        await repository.Git("init", "-q", "-b", "main");
        repository.Write("README.md", "1");
        repository.Write("backend/python/vllm/backend.py", "1");
        var before = await repository.Commit("one");
        repository.Write("backend/python/vllm/backend.py", "2");
        await repository.Commit("two");
        repository.Write("backend/go/whisper/main.go", "3");
        var after = await repository.Commit("three");
        repository.Write("uncommitted.txt", "not part of the push");

        var detected = await Detect(new GitCommitRange(before, after, repository.Root));

        Assert.Equal(["backend/go/whisper/main.go", "backend/python/vllm/backend.py"], detected.Files);
    }

    [Fact]
    public async Task A_clone_without_the_before_commit_builds_everything_with_a_warning()
    {
        await repository.Git("init", "-q", "-b", "main");
        repository.Write("README.md", "1");
        var after = await repository.Commit("one");

        var detected = await Detect(new GitCommitRange(Before, after, repository.Root));

        Assert.Null(detected.Files);
        Assert.Contains("cannot diff the push locally", Assert.Single(detected.Warnings));
    }

    static GitHubEvent Push(string reference, string before = Before) =>
        new("push", null, "o", "r", before, After) { Ref = reference };

    [Fact]
    public void A_branch_push_with_a_token_uses_the_compare_api_and_without_one_git()
    {
        Assert.Equal("GitHub compare 111111111111...222222222222 of o/r",
            Assert.IsType<OctokitCompare>(ChangedFilesSources.ForEvent(Push("refs/heads/main"), null, "t", ".", null).Source).Description);
        Assert.IsType<GitCommitRange>(ChangedFilesSources.ForEvent(Push("refs/heads/main"), null, null, ".", null).Source);
    }

    [Theory]
    [InlineData("refs/tags/v1.2.0", Before, "tag push refs/tags/v1.2.0")]
    [InlineData("refs/heads/new", "0000000000000000000000000000000000000000", "without a previous commit")]
    public void Tag_pushes_and_new_branches_build_everything(string reference, string before, string reason)
    {
        var scope = ChangedFilesSources.ForEvent(Push(reference, before), null, "t", ".", null);

        Assert.Null(scope.Source);
        Assert.Contains(reason, scope.EverythingReason);
    }

    [Fact]
    public void Schedules_and_dispatches_build_everything_unless_the_dispatch_says_otherwise()
    {
        var schedule = new GitHubEvent("schedule", null, "o", "r", null, null);
        var dispatch = new GitHubEvent("workflow_dispatch", null, "o", "r", null, null) { Ref = "refs/heads/main", DefaultBranch = "main" };

        Assert.Contains("scheduled", ChangedFilesSources.ForEvent(schedule, null, "t", ".", After).EverythingReason);
        Assert.Contains("build-everything", ChangedFilesSources.ForEvent(dispatch, null, "t", ".", After).EverythingReason);
        Assert.Contains("build-everything", ChangedFilesSources.ForEvent(dispatch with { BuildEverythingInput = true }, null, "t", ".", After).EverythingReason);
        var narrow = ChangedFilesSources.ForEvent(dispatch with { BuildEverythingInput = false }, null, "t", ".", After).Source;
        Assert.Equal($"GitHub compare main...222222222222 of o/r", Assert.IsType<OctokitCompare>(narrow).Description);
        Assert.IsType<GitChangedFiles>(ChangedFilesSources.ForEvent(dispatch with { BuildEverythingInput = false }, null, null, ".", After).Source);
    }

    [Fact]
    public void A_dispatch_payload_carries_its_build_everything_input()
    {
        var path = Path.Combine(repository.Root, "event.json");
        File.WriteAllText(path, """{"ref":"refs/heads/main","inputs":{"build-everything":false},"repository":{"name":"r","owner":{"login":"o"},"default_branch":"main"}}""");

        var e = GitHubEvent.Read(path, "workflow_dispatch");

        Assert.Equal((false, "main", "refs/heads/main"), (e.BuildEverythingInput, e.DefaultBranch, e.Ref));
    }

    static List<string> Files(int count) => Enumerable.Range(0, count).Select(i => $"backend/python/b{i}/f.py").ToList();
}
