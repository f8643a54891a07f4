using System.Net;
using System.Text;

namespace Strata.Engine;

/// <summary>The <c>--plan</c> output: an ordered text list and an HTML page with a Mermaid graph.</summary>
internal static class PlanPage
{
    public static string Text(ExecutionPlan plan)
    {
        var builder = new StringBuilder();
        builder.AppendLine($"Execution plan ({plan.Nodes.Count} targets):");
        var width = plan.Nodes.Count.ToString().Length;
        for (var i = 0; i < plan.Nodes.Count; i++)
        {
            var node = plan.Nodes[i];
            var line = $"  {(i + 1).ToString().PadLeft(width)}. {node.Name}";
            var waits = node.Dependencies.Concat(node.Triggerers).Concat(node.RunsAfter).Select(n => n.Name).Distinct().ToList();
            if (waits.Count > 0) line += $"  <- {string.Join(", ", waits)}";
            if (node.SkipReason is not null) line += $"  (skipped: {node.SkipReason})";
            builder.AppendLine(line);
        }
        return builder.ToString().TrimEnd();
    }

    public static string Mermaid(ExecutionPlan plan)
    {
        var ids = plan.Nodes.Select((node, index) => (node, id: $"t{index}")).ToDictionary(pair => pair.node, pair => pair.id);
        var builder = new StringBuilder();
        builder.AppendLine("graph LR");
        foreach (var node in plan.Nodes)
        {
            var label = node.Name.Replace("\"", "'");
            builder.AppendLine(node.SkipReason is null ? $"  {ids[node]}[\"{label}\"]" : $"  {ids[node]}[\"{label} (skipped)\"]:::skipped");
        }
        foreach (var node in plan.Nodes)
        {
            foreach (var dependency in node.Dependencies) builder.AppendLine($"  {ids[dependency]} --> {ids[node]}");
            foreach (var triggerer in node.Triggerers) builder.AppendLine($"  {ids[triggerer]} -. triggers .-> {ids[node]}");
            foreach (var after in node.RunsAfter) builder.AppendLine($"  {ids[after]} -.-> {ids[node]}");
        }
        builder.AppendLine("  classDef skipped fill:#eee,stroke:#999,color:#999");
        return builder.ToString();
    }

    public static string Html(ExecutionPlan plan) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Execution plan</title>
        <script type="module">
          import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";
          mermaid.initialize({ startOnLoad: true });
        </script>
        <style>body { font-family: sans-serif; margin: 2em; } pre.text { background: #f6f8fa; padding: 1em; }</style>
        </head>
        <body>
        <h1>Execution plan</h1>
        <pre class="mermaid">
        {{WebUtility.HtmlEncode(Mermaid(plan))}}</pre>
        <h2>Order</h2>
        <pre class="text">{{WebUtility.HtmlEncode(Text(plan))}}</pre>
        </body>
        </html>

        """;

    public static string Write(ExecutionPlan plan, string rootDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(rootDirectory, ".nuke", "temp", "plan.html");
        OutputFiles.WriteOne(path, Html(plan), cancellationToken);
        return path;
    }
}
