using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>
/// The context paths a Dockerfile reads: COPY and ADD sources (not <c>--from=</c> copies, URLs or heredocs) and the
/// sources of <c>RUN --mount=type=bind</c> mounts of the build context (not <c>from=</c> a stage or image; no
/// <c>source=</c> mounts the whole context). Variables are expanded from the recipe's ARG defaults and the given build args.
/// </summary>
public static class RecipeSources
{
    public static IReadOnlyList<string> Parse(string recipeText, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var variables = new Dictionary<string, string>(buildArgs ?? new Dictionary<string, string>());
        var sources = new List<string>();
        foreach (var instruction in Instructions(recipeText))
        {
            var space = instruction.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : instruction[(space + 1)..].Trim();
            if (keyword == "ARG")
                DeclareArgs(rest, variables, buildArgs);
            else if (keyword is "COPY" or "ADD")
                sources.AddRange(Sources(rest, variables));
            else if (keyword == "RUN")
                sources.AddRange(BindMountSources(rest, variables));
        }
        return sources.Distinct().ToList();
    }

    static IEnumerable<string> Instructions(string text)
    {
        var current = new List<string>();
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                current.Add(line[..^1].Trim());
                continue;
            }
            current.Add(line);
            var instruction = string.Join(' ', current.Where(part => part.Length > 0)).Trim();
            current.Clear();
            if (instruction.Length > 0)
                yield return instruction;
        }
        if (current.Count > 0)
            yield return string.Join(' ', current).Trim();
    }

    static void DeclareArgs(string rest, Dictionary<string, string> variables, IReadOnlyDictionary<string, string>? buildArgs)
    {
        foreach (var declaration in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = declaration.IndexOf('=');
            if (equals < 0) continue;
            var name = declaration[..equals];
            if (buildArgs?.ContainsKey(name) == true) continue;
            variables[name] = Expand(declaration[(equals + 1)..].Trim('"', '\''), variables);
        }
    }

    static IEnumerable<string> Sources(string rest, Dictionary<string, string> variables)
    {
        var words = rest.StartsWith('[') ? JsonWords(rest) : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var flags = words.TakeWhile(word => word.StartsWith("--")).ToList();
        if (flags.Any(flag => flag.StartsWith("--from=", StringComparison.OrdinalIgnoreCase)))
            return [];
        var operands = words.Skip(flags.Count).ToList();
        if (operands.Count < 2 || operands.Any(word => word.StartsWith("<<")))
            return [];
        return operands.Take(operands.Count - 1)
            .Where(source => !source.Contains("://") && !source.StartsWith("git@"))
            .Select(source => Expand(source, variables))
            .ToList();
    }

    /// <summary>The context paths of a RUN's bind mounts: <c>--mount=[type=bind,]source=PATH[,target=…]</c>, bind being the default type.</summary>
    static IEnumerable<string> BindMountSources(string rest, Dictionary<string, string> variables)
    {
        foreach (var flag in rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).TakeWhile(word => word.StartsWith("--")))
        {
            if (!flag.StartsWith("--mount=", StringComparison.OrdinalIgnoreCase))
                continue;
            var options = flag["--mount=".Length..].Split(',')
                .Select(option => option.Split('=', 2))
                .GroupBy(pair => pair[0].Trim().ToLowerInvariant())
                .ToDictionary(group => group.Key, group => group.Last().Length > 1 ? group.Last()[1].Trim('"', '\'') : "");
            if (options.GetValueOrDefault("type", "bind") != "bind" || options.ContainsKey("from"))
                continue;
            var source = options.GetValueOrDefault("source") ?? options.GetValueOrDefault("src") ?? ".";
            yield return Expand(source, variables);
        }
    }

    /// <summary>
    /// The exec form's words (<c>["a", "b"]</c>), else the shell form's. Read from the JSON document rather than through
    /// the serializer, which needs runtime code generation a Native AOT build does not have.
    /// </summary>
    static List<string> JsonWords(string rest)
    {
        try
        {
            using var document = JsonDocument.Parse(rest);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
                return [];
            if (root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(word => word.ValueKind is JsonValueKind.String or JsonValueKind.Null))
                return root.EnumerateArray().Select(word => word.GetString()!).ToList();
        }
        catch (JsonException)
        {
        }
        return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return variables.TryGetValue(name, out var value) ? value : "";
        });

    private static Regex Variable() => variable ??= new(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[-+][^}]*)?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)");
    static Regex? variable;
}
