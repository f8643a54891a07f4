using System.Text.Json.Nodes;
using Strata.GitHub;

namespace Strata.Tests.Matrix;

public sealed class OutputWriterTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("strata-out-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void GitHub_output_lines_are_appended_to_what_earlier_steps_wrote()
    {
        var path = PathOf("github_output");
        File.WriteAllText(path, "earlier=1\n");

        OutputWriter.WriteGitHubOutput(path, ["run-all=true", "matrix={\"include\":[]}"]);

        Assert.Equal("earlier=1\nrun-all=true\nmatrix={\"include\":[]}\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_github_output_file_is_created()
    {
        var path = PathOf("sub/github_output");

        OutputWriter.WriteGitHubOutput(path, ["a=b"]);

        Assert.Equal("a=b\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_bad_line_writes_nothing_and_leaves_no_temp_file()
    {
        var path = PathOf("github_output");
        File.WriteAllText(path, "earlier=1\n");

        Assert.Throws<ArgumentException>(() => OutputWriter.WriteGitHubOutput(path, ["ok=1", "multi=line\nvalue"]));

        Assert.Equal("earlier=1\n", File.ReadAllText(path));
        Assert.Equal(["github_output"], Directory.EnumerateFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Json_replaces_the_file_with_the_object()
    {
        var path = PathOf("outputs.json");
        File.WriteAllText(path, "old content that is longer than the new one ...........................");

        OutputWriter.WriteJson(path, new JsonObject { ["run-all"] = "true", ["backends"] = new JsonObject { ["vllm"] = "false" } });

        var written = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("true", (string)written["run-all"]!);
        Assert.Equal("false", (string)written["backends"]!["vllm"]!);
    }

    [Fact]
    public void A_json_write_that_cannot_replace_its_target_leaves_no_temp_file()
    {
        var path = PathOf("is-a-directory");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => OutputWriter.WriteJson(path, new JsonObject()));

        Assert.Empty(Directory.EnumerateFiles(directory));
    }
}
