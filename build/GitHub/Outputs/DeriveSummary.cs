using System.Text;
using Strata.Matrix;

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
        return text.ToString();
    }
}
