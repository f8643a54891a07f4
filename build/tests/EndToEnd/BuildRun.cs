using System.Text.RegularExpressions;

namespace Strata.Tests.EndToEnd;

/// <summary>One row of the summary table a run prints at its end.</summary>
public sealed record SummaryRow(string Target, string Status, string Duration, string Note);

/// <summary>What one <c>./build.sh</c> call did: exit code, both streams and the summary table it printed.</summary>
public sealed partial record BuildRun(IReadOnlyList<string> Arguments, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public IReadOnlyList<SummaryRow> Summary => ParseSummary(Output) ?? ParseSummary(Error) ?? [];

    public bool PrintedSummary => Summary.Count > 0;

    public IReadOnlyList<string> ErrorLines => Lines(Output + "\n" + Error)
        .Where(line => line.StartsWith("error:", StringComparison.Ordinal))
        .ToList();

    /// <summary>BuildKit progress lines (<c>#3 [2/6] RUN …</c>): present only when a build actually ran.</summary>
    public IReadOnlyList<string> BuildKitSteps => Lines(Output + "\n" + Error).Where(line => BuildKitStep().IsMatch(line)).ToList();

    /// <summary>The single row whose name contains <paramref name="fragment"/>, e.g. <c>BuildBase[python-…]</c>.</summary>
    public SummaryRow Row(string fragment)
    {
        var rows = Summary.Where(row => row.Target.Contains(fragment, StringComparison.Ordinal)).ToList();
        return rows.Count == 1
            ? rows[0]
            : throw new Xunit.Sdk.XunitException($"expected one summary row containing '{fragment}', found {rows.Count}\n{this}");
    }

    public IReadOnlyList<SummaryRow> RowsContaining(string fragment) =>
        Summary.Where(row => row.Target.Contains(fragment, StringComparison.Ordinal)).ToList();

    public override string ToString() =>
        $"./build.sh {string.Join(" ", Arguments)} → exit {ExitCode} in {Elapsed.TotalSeconds:0.0} s\n--- stdout (tail) ---\n{Tail(Output)}\n--- stderr (tail) ---\n{Tail(Error)}";

    static string Tail(string text) => string.Join("\n", Lines(text).TakeLast(60));

    static IEnumerable<string> Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r'));

    /// <summary>Columns are found from the header's offsets, so notes with spaces and empty durations parse.</summary>
    static IReadOnlyList<SummaryRow>? ParseSummary(string text)
    {
        var lines = Lines(text).ToList();
        var header = lines.FindLastIndex(line => SummaryHeader().IsMatch(line));
        if (header < 0) return null;
        var headerLine = lines[header];
        int status = headerLine.IndexOf("Status", StringComparison.Ordinal),
            duration = headerLine.IndexOf("Duration", StringComparison.Ordinal),
            note = headerLine.IndexOf("Note", StringComparison.Ordinal);
        var rows = new List<SummaryRow>();
        foreach (var line in lines.Skip(header + 1))
        {
            if (line.StartsWith('─')) continue;
            if (line.StartsWith('═') || line.Length == 0) break;
            rows.Add(new SummaryRow(
                Column(line, 0, status),
                Column(line, status, duration),
                Column(line, duration, note),
                Column(line, note, line.Length)));
        }
        return rows;
    }

    static string Column(string line, int start, int end) =>
        start >= line.Length ? "" : line[start..Math.Min(end, line.Length)].Trim();

    [GeneratedRegex(@"^Target\s+Status\s+Duration\s+Note\s*$")]
    private static partial Regex SummaryHeader();

    [GeneratedRegex(@"(^|\]\s)#\d+\s")]
    private static partial Regex BuildKitStep();
}
