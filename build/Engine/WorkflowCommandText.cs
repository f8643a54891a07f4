namespace Strata.Engine;

/// <summary>
/// The GitHub Actions runner reads every output line that starts with <c>::</c> as a workflow command
/// (<c>::add-mask::</c>, <c>::stop-commands::</c>, …), and splits lines at CR as well as LF. Values from the matrix,
/// parameters or tools reach log lines, so they are escaped here rather than trusted to be harmless.
/// </summary>
public static class WorkflowCommandText
{
    static readonly string[] LineBreaks = ["\r\n", "\r", "\n"];

    /// <summary>A command's message or property value: <c>%</c>, CR and LF as the runner decodes them.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Splits text into the lines the runner will see.</summary>
    public static string[] Lines(string text) => text.Split(LineBreaks, StringSplitOptions.None);

    /// <summary>A plain log line that cannot be read as a command: a leading <c>::</c> (after blanks) is escaped.</summary>
    public static string Neutralize(string line)
    {
        var start = line.Length - line.TrimStart().Length;
        return line.AsSpan(start).StartsWith("::", StringComparison.Ordinal)
            ? string.Concat(line.AsSpan(0, start), "%3A%3A", line.AsSpan(start + 2))
            : line;
    }
}
