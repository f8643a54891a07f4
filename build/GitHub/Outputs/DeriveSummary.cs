using System.Text;
using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.GitHub;

/// <summary>The derive job's step summary: the bases, and a Mermaid graph from each base to its backends.</summary>
public static class DeriveSummary
{
    public static string Markdown(DerivedPlan plan)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Derived {plan.Bases.Count} base image(s) for {plan.Backends.Count} backend build(s)");
        text.AppendLine();
        text.AppendLine("| Base stem | Lang | Platforms | Consumers |");
        text.AppendLine("|---|---|---|---|");
        foreach (var flavour in plan.Bases)
            text.AppendLine($"| `{flavour.TagStem}` | {flavour.Lang} | {flavour.PlatformList} | {flavour.Consumers.Count} |");
        text.AppendLine();
        text.AppendLine("```mermaid");
        text.AppendLine("graph LR");
        var ids = plan.Bases.Select((flavour, index) => (flavour.TagStem, Id: $"b{index}")).ToDictionary(pair => pair.TagStem, pair => pair.Id);
        foreach (var flavour in plan.Bases)
            text.AppendLine($"  {ids[flavour.TagStem]}[\"{flavour.TagStem}\"]");
        var backendIndex = 0;
        foreach (var backend in plan.Backends)
        {
            var id = $"e{backendIndex++}";
            text.AppendLine($"  {id}(\"{backend.Entry.TagSuffix}\")");
            if (backend.TagStem is { } stem && ids.TryGetValue(stem, out var baseId))
                text.AppendLine($"  {baseId} --> {id}");
        }
        text.AppendLine("```");
        text.Append(SelectionMarkdown(plan.Selection));
        return Capped(text.ToString());
    }

    /// <summary>Why these entries build: everything and its reason, or a table of the change rules that fired.</summary>
    public static string SelectionMarkdown(SelectionReport selection)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("#### Why these entries");
        text.AppendLine();
        if (selection.BuildsEverything)
        {
            text.AppendLine($"Every entry builds: {selection.Summary}.");
            return text.ToString();
        }
        text.AppendLine($"Selected by the change rules from {selection.Summary}" +
            (selection.UnclassifiedFiles > 0 ? $"; {selection.UnclassifiedFiles} file(s) matched no rule." : "."));
        text.AppendLine();
        text.AppendLine("| Rule | Files | Linux entries | Darwin entries |");
        text.AppendLine("|---|---|---|---|");
        foreach (var firing in selection.Firings)
            text.AppendLine($"| `{Path.GetFileName(firing.RulesFile)}:{firing.Rule.Line}` {firing.Rule.Description.Replace("|", "\\|")}" +
                $"{(firing.Note is null ? "" : $" ({firing.Note})")} | {firing.Files} | {firing.LinuxEntries} | {firing.DarwinEntries} |");
        return text.ToString();
    }

    /// <summary>GitHub refuses a step summary over 1 MiB; this one stays well below, leaving room for the engine's table.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>Cuts <paramref name="markdown"/> at a line boundary below <see cref="MaxBytes"/> and says so.</summary>
    public static string Capped(string markdown, int maxBytes = MaxBytes)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(markdown) <= maxBytes)
            return markdown;
        var note = $"\n\n_The summary was cut at {maxBytes / 1024} KiB (GitHub shows at most 1 MiB); the derive job's outputs hold every entry._\n";
        var budget = maxBytes - System.Text.Encoding.UTF8.GetByteCount(note) - 16;
        var cut = new StringBuilder();
        var bytes = 0;
        var inMermaid = false;
        foreach (var line in markdown.Split('\n'))
        {
            var size = System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            if (bytes + size > budget)
                break;
            if (line.StartsWith("```", StringComparison.Ordinal)) inMermaid = !inMermaid;
            cut.Append(line).Append('\n');
            bytes += size;
        }
        if (inMermaid) cut.Append("```\n");
        return cut.Append(note).ToString();
    }
}
