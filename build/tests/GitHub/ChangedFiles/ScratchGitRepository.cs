using Strata.Engine;

namespace Strata.Tests.GitHub.ChangedFiles;

/// <summary>A real git repository in a temporary folder, for tests of the git change sources.</summary>
sealed class ScratchGitRepository : IDisposable
{
    readonly bool owned;

    /// <summary>A new temporary folder, deleted on dispose.</summary>
    public ScratchGitRepository() : this(Directory.CreateTempSubdirectory("strata-git-").FullName) => owned = true;

    /// <summary>An existing folder someone else owns.</summary>
    public ScratchGitRepository(string root) => Root = root;

    public string Root { get; }

    public void Dispose()
    {
        if (owned)
            Directory.Delete(Root, recursive: true);
    }

    public async Task<string> Git(params string[] arguments)
    {
        var result = await ProcessTasks.RunAsync("git", arguments, new ProcessOptions
        {
            WorkingDirectory = Root,
            LogOutput = false,
            Environment = new Dictionary<string, string?>
            {
                ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.com",
                ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.com",
                ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1",
            },
        });
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    public void Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Commits everything and returns the new commit's sha.</summary>
    public async Task<string> Commit(string message)
    {
        await Git("add", "-A");
        await Git("commit", "-qm", message);
        return await Git("rev-parse", "HEAD");
    }
}
