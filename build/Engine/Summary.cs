using System.Globalization;
using System.Text;

namespace Strata.Engine;

/// <summary>The end-of-run table and verdict, as console text and as GitHub Markdown.</summary>
internal static class Summary
{
    public static string Verdict(IReadOnlyList<TargetResult> results, TimeSpan elapsed, bool aborted)
    {
        var outcome = aborted ? "aborted" : IsSuccess(results) ? "succeeded" : "failed";
        return $"Build {outcome} in {FormatDuration(elapsed)}";
    }

    public static bool IsSuccess(IReadOnlyList<TargetResult> results) =>
        results.All(r => r.Status is TargetStatus.Succeeded or TargetStatus.Skipped);

    public static string Table(IReadOnlyList<TargetResult> results)
    {
        string[] header = ["Target", "Status", "Duration", "Note"];
        var rows = results.Select(r => new[] { r.Name, r.Status.ToString(), Duration(r), r.Note ?? "" }).ToList();
        var widths = Enumerable.Range(0, header.Length)
            .Select(column => rows.Select(row => row[column].Length).Append(header[column].Length).Max())
            .ToArray();
        var separator = new string('═', widths.Sum() + 3 * (widths.Length - 1));
        var builder = new StringBuilder();
        builder.AppendLine(separator);
        builder.AppendLine(Row(header, widths));
        builder.AppendLine(new string('─', separator.Length));
        foreach (var row in rows) builder.AppendLine(Row(row, widths));
        builder.Append(separator);
        return builder.ToString();
    }

    public static string Markdown(IReadOnlyList<TargetResult> results, string verdict)
    {
        var builder = new StringBuilder();
        builder.AppendLine("| Target | Status | Duration | Note |");
        builder.AppendLine("| --- | --- | --- | --- |");
        foreach (var result in results)
            builder.AppendLine($"| {Cell(result.Name)} | {Icon(result.Status)} {result.Status} | {Duration(result)} | {Cell(result.Note ?? "")} |");
        builder.AppendLine();
        builder.Append($"**{verdict}**");
        return builder.ToString();
    }

    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? $"{(int)duration.TotalMinutes}:{duration.Seconds:00} min"
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");

    static string Duration(TargetResult result) =>
        result.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted ? FormatDuration(result.Duration) : "";

    static string Row(string[] cells, int[] widths) =>
        string.Join("   ", cells.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd();

    static string Cell(string text) => text.Replace("|", "\\|").ReplaceLineEndings(" ");

    static string Icon(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "✅",
        TargetStatus.Failed => "❌",
        TargetStatus.Skipped => "⏭️",
        TargetStatus.Aborted => "⛔",
        _ => "➖",
    };
}
