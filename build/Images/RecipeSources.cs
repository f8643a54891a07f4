using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>
/// The context paths a Dockerfile reads through COPY and ADD (not <c>--from=</c> copies, URLs or heredocs).
/// Variables are expanded from the recipe's ARG defaults and the given build args.
/// </summary>
public static partial class RecipeSources
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

    static List<string> JsonWords(string rest)
    {
        try { return JsonSerializer.Deserialize<List<string>>(rest) ?? []; }
        catch (JsonException) { return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(); }
    }

    static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return variables.TryGetValue(name, out var value) ? value : "";
        });

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[-+][^}]*)?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
