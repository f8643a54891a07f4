using System.Text;
using System.Text.Json.Nodes;
using Strata.Engine;

namespace Strata.GitHub;

/// <summary>The text of the Derive outputs, and single-file writes through <see cref="OutputFiles"/> (all-or-nothing).</summary>
public static class OutputWriter
{
    /// <summary>The lines for a <c>$GITHUB_OUTPUT</c> file; each must be one <c>key=value</c> line.</summary>
    public static string GitHubOutputText(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOfAny('\n', '\r') >= 0 || !line.Contains('='))
                throw new ArgumentException($"not a single-line key=value output: '{line[..Math.Min(line.Length, 80)]}'", nameof(lines));
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    public static string JsonText(JsonNode json) => DeriveOutputs.Indented(json) + "\n";

    /// <summary>Appends <c>key=value</c> lines to a <c>$GITHUB_OUTPUT</c> file (created when missing).</summary>
    public static void WriteGitHubOutput(string path, IEnumerable<string> lines)
    {
        using var files = new OutputFiles();
        files.Append(path, GitHubOutputText(lines));
        files.Commit();
    }

    /// <summary>Writes (replaces) a JSON file, indented.</summary>
    public static void WriteJson(string path, JsonNode json) => OutputFiles.WriteOne(path, JsonText(json));
}
