using Strata.GitHub;

namespace Strata.Tests.GitHub.ChangedFiles;

public class ChangedFilesSourcesTests
{
    static readonly GitHubEvent PullRequestEvent = new("pull_request", 9672, "mudler", "LocalAI", "a", "b");
    static readonly GitHubEvent PushEvent = new("push", null, "mudler", "LocalAI", "a", "b");

    [Fact]
    public void An_explicit_list_wins_over_everything()
    {
        Assert.IsType<ChangedFilesFile>(ChangedFilesSources.Select("changed.txt", "main", 3, PullRequestEvent, "o/r", "t", "."));
    }

    [Fact]
    public void A_base_ref_wins_over_the_github_api()
    {
        Assert.IsType<GitChangedFiles>(ChangedFilesSources.Select(null, "origin/master", null, PullRequestEvent, null, null, "."));
    }

    [Fact]
    public void A_pull_request_event_asks_github_for_that_pull_request()
    {
        var source = ChangedFilesSources.Select(null, null, null, PullRequestEvent, null, "t", ".");

        Assert.Equal("GitHub pull request #9672 of mudler/LocalAI", Assert.IsType<OctokitChangedFiles>(source).Description);
    }

    [Fact]
    public void A_pr_number_without_an_event_uses_github_repository()
    {
        var source = ChangedFilesSources.Select(null, null, 12, null, "o/r", null, ".");

        Assert.Equal("GitHub pull request #12 of o/r", source!.Description);
    }

    [Fact]
    public void A_push_has_no_changed_files_source()
    {
        Assert.Null(ChangedFilesSources.Select(null, null, null, PushEvent, "o/r", "t", "."));
        Assert.Null(ChangedFilesSources.Select(null, null, null, null, null, null, "."));
    }

    [Fact]
    public void A_pr_number_without_any_repository_is_an_error_saying_what_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => ChangedFilesSources.Select(null, null, 12, null, null, null, "."));

        Assert.Contains("GITHUB_REPOSITORY", error.Message);
    }
}
