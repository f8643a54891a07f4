using System.Text;

namespace Strata.Engine;

/// <summary>The <c>--help</c> page: targets with their direct dependencies, then parameters.</summary>
internal static class HelpText
{
    public static string Render(TargetModel model, IReadOnlyList<string> defaultTargets, IReadOnlyList<ParameterDescriptor> parameters, object build)
    {
        var builder = new StringBuilder();
        builder.AppendLine("Usage: ./build.sh [targets...] [--parameter value...]");
        builder.AppendLine();
        builder.AppendLine("Targets (* = default):");
        var listed = model.Targets.Where(t => !t.IsUnlisted).ToList();
        var nameWidth = listed.Select(t => t.Name.Length + 2).DefaultIfEmpty(0).Max();
        foreach (var target in listed)
        {
            var marker = defaultTargets.Contains(target.Name) ? " *" : "";
            var details = new List<string>();
            if (target.Description is { } description) details.Add(description);
            if (target.Dependencies.Count > 0) details.Add($"(depends on: {string.Join(", ", target.Dependencies)})");
            builder.AppendLine($"  {(target.Name + marker).PadRight(nameWidth)}  {string.Join(" ", details)}".TrimEnd());
        }

        builder.AppendLine();
        builder.AppendLine("Parameters:");
        var rows = parameters.Select(parameter => new Row($"{parameter.Option} <{ParameterTypes.Describe(parameter.Type)}>", Describe(parameter, build))).ToList();
        var builtIns = BuiltInParameters.All.Select(p => new Row(p.Usage, p.Description)).ToList();
        var width = 0;
        foreach (var row in rows.Concat(builtIns)) width = Math.Max(width, row.Usage.Length);
        foreach (var (usage, text) in rows) builder.AppendLine($"  {usage.PadRight(width)}  {text}".TrimEnd());
        if (rows.Count == 0) builder.AppendLine("  (none)");
        builder.AppendLine();
        builder.AppendLine("Engine options:");
        foreach (var (usage, text) in builtIns) builder.AppendLine($"  {usage.PadRight(width)}  {text}");
        return builder.ToString().TrimEnd();
    }

    /// <summary>A class, not a tuple: LINQ over a value type is not precompiled in the framework and costs JIT on every call.</summary>
    sealed record Row(string Usage, string Text);

    static string Describe(ParameterDescriptor parameter, object build)
    {
        var parts = new List<string>();
        if (parameter.Description.Length > 0) parts.Add(parameter.Description);
        if (ParameterTypes.ValidValues(parameter.Type) is { } values) parts.Add($"[values: {string.Join(", ", values)}]");
        var current = ParameterTypes.Format(parameter.GetValue(build));
        if (current is not null) parts.Add($"(default: {(parameter.IsSecret ? "<secret>" : current)})");
        else if (parameter.IsSecret) parts.Add("<secret>");
        return string.Join(" ", parts);
    }
}
