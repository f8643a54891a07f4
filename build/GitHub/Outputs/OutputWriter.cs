using System.Text;
using System.Text.Json.Nodes;

namespace Strata.GitHub;

/// <summary>Writes outputs through a temp file that replaces the target at the end, so a failure leaves the target as it was.</summary>
public static class OutputWriter
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Appends <c>key=value</c> lines to a <c>$GITHUB_OUTPUT</c> file (created when missing).</summary>
    public static void WriteGitHubOutput(string path, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOfAny('\n', '\r') >= 0 || !line.Contains('='))
                throw new ArgumentException($"not a single-line key=value output: '{line[..Math.Min(line.Length, 80)]}'", nameof(lines));
            text.Append(line).Append('\n');
        }
        Replace(path, temp =>
        {
            if (File.Exists(path))
                File.Copy(path, temp, overwrite: true);
            File.AppendAllText(temp, text.ToString(), Utf8);
        });
    }

    /// <summary>Writes (replaces) a JSON file, indented.</summary>
    public static void WriteJson(string path, JsonNode json) =>
        Replace(path, temp => File.WriteAllText(temp, DeriveOutputs.Indented(json) + "\n", Utf8));

    static void Replace(string path, Action<string> writeTemp)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
