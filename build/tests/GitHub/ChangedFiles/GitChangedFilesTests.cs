using Strata.Engine;
using Strata.GitHub;

namespace Strata.Tests.GitHub.ChangedFiles;

public sealed class GitChangedFilesTests : IDisposable
{
    readonly string repository = Directory.CreateTempSubdirectory("strata-git-").FullName;

    public void Dispose() => Directory.Delete(repository, recursive: true);

    async Task Git(params string[] arguments)
    {
        var result = await ProcessTasks.RunAsync("git", arguments, new ProcessOptions
        {
            WorkingDirectory = repository,
            LogOutput = false,
            Environment = new Dictionary<string, string?>
            {
                ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.com",
                ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.com",
                ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1",
            },
        });
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)}: {result.StandardError}");
    }

    void Write(string path, string text)
    {
        var full = Path.Combine(repository, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public async Task Lists_files_changed_since_the_merge_base_including_uncommitted_and_untracked_ones()
    {
        await Git("init", "-q", "-b", "main");
        Write("README.md", "hello");
        Write("backend/python/vllm/backend.py", "v1");
        Write("backend/go/whisper/main.go", "v1");
        await Git("add", "-A");
        await Git("commit", "-qm", "base");
        await Git("checkout", "-qb", "feature");
        Write("backend/python/vllm/backend.py", "v2");
        await Git("commit", "-qam", "change vllm");
        await Git("checkout", "-q", "main");
        Write("docs/on-main-only.md", "main moved on");
        await Git("add", "-A");
        await Git("commit", "-qm", "main only");
        await Git("checkout", "-q", "feature");
        Write("backend/go/whisper/main.go", "uncommitted");
        Write(".docker/bases/Dockerfile.cpp", "untracked");

        var changed = await new GitChangedFiles("main", repository).GetChangedFilesAsync();

        Assert.Equal(
            ["backend/go/whisper/main.go", "backend/python/vllm/backend.py", ".docker/bases/Dockerfile.cpp"],
            changed);
    }

    [Fact]
    public async Task An_unknown_base_ref_fails_naming_git_and_the_ref()
    {
        await Git("init", "-q", "-b", "main");
        Write("a", "a");
        await Git("add", "-A");
        await Git("commit", "-qm", "a");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new GitChangedFiles("no-such-branch", repository).GetChangedFilesAsync());

        Assert.Contains("git merge-base no-such-branch HEAD failed", error.Message);
    }
}
