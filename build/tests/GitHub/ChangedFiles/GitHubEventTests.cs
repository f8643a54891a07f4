using Strata.GitHub;

namespace Strata.Tests.GitHub.ChangedFiles;

public sealed class GitHubEventTests : IDisposable
{
    readonly string path = Path.GetTempFileName();

    public void Dispose() => File.Delete(path);

    [Fact]
    public void A_pull_request_event_gives_number_repository_and_shas()
    {
        File.WriteAllText(path, """
            {"action":"synchronize","number":9672,
             "pull_request":{"number":9672,"base":{"sha":"aaa","ref":"master"},"head":{"sha":"bbb"}},
             "repository":{"name":"LocalAI","owner":{"login":"mudler"}}}
            """);

        var e = GitHubEvent.Read(path);

        Assert.Equal(new GitHubEvent("pull_request", 9672, "mudler", "LocalAI", "aaa", "bbb"), e);
        Assert.True(e.IsPullRequest);
    }

    [Fact]
    public void A_push_event_has_no_pull_request()
    {
        File.WriteAllText(path, """
            {"ref":"refs/heads/master","before":"111","after":"222",
             "repository":{"name":"LocalAI","owner":{"login":"mudler"}}}
            """);

        var e = GitHubEvent.Read(path);

        Assert.Equal(new GitHubEvent("push", null, "mudler", "LocalAI", "111", "222") { Ref = "refs/heads/master" }, e);
        Assert.False(e.IsPullRequest);
    }

    [Fact]
    public void The_given_event_name_wins()
    {
        File.WriteAllText(path, """{"pull_request":{"number":3},"repository":{"name":"r","owner":{"login":"o"}}}""");

        Assert.Equal("pull_request_target", GitHubEvent.Read(path, "pull_request_target").EventName);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_file()
    {
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => GitHubEvent.Read(path));

        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void A_pull_request_without_a_number_is_rejected()
    {
        File.WriteAllText(path, """{"pull_request":{"title":"x"}}""");

        var error = Assert.Throws<InvalidDataException>(() => GitHubEvent.Read(path));

        Assert.Contains("pull_request.number", error.Message);
    }
}
