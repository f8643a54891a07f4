using Strata.GitHub.Rehearsal;

namespace Strata.Tests.GitHub.Rehearsal;

/// <summary>
/// <c>hashFiles</c> in a job row's workspace. The push rehearsal found that a pattern under a dot-folder
/// (<c>.nuke/temp/digests/**</c>, the legs' digest uploads) matched nothing: the leading dot was stripped as if it were "./".
/// </summary>
public sealed class HashFilesTests : IDisposable
{
    readonly string workspace = Directory.CreateTempSubdirectory("strata-hashfiles-").FullName;

    public HashFilesTests()
    {
        Write(".nuke/temp/digests/base-image-python-cpu/amd64.digest", "sha256:1");
        Write("build/_build.csproj", "<Project />");
        Write("global.json", "{}");
    }

    void Write(string relative, string text)
    {
        var path = Path.Combine(workspace, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    string HashFiles(params string[] patterns) => (string)ExpressionEvaluator.Evaluate(
        $"hashFiles({string.Join(", ", patterns.Select(p => $"'{p}'"))})",
        new ExpressionScope(new Dictionary<string, object?>(), StatusView.Fine, workspace))!;

    [Theory]
    [InlineData(".nuke/temp/digests/**")]
    [InlineData("./.nuke/temp/digests/**")]
    [InlineData(".nuke/**/*.digest")]
    public void A_pattern_under_a_dot_folder_matches_its_files(string pattern) =>
        Assert.Matches("^[0-9a-f]{64}$", HashFiles(pattern));

    [Fact]
    public void A_leading_dot_slash_names_the_workspace() =>
        Assert.Equal(HashFiles("build/**/*.csproj", "global.json"), HashFiles("./build/**/*.csproj", "./global.json"));

    [Theory]
    [InlineData("nuke/temp/digests/**")]
    [InlineData(".nuke/temp/artifacts/**")]
    public void A_pattern_that_matches_nothing_is_empty(string pattern) =>
        Assert.Equal("", HashFiles(pattern));

    public void Dispose() => Directory.Delete(workspace, recursive: true);
}
