using System.Text;

namespace Strata.Engine;

/// <summary>Target and parameter names match ignoring case, dashes and underscores.</summary>
internal static class Names
{
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            if (c is not ('-' or '_'))
                builder.Append(char.ToLowerInvariant(c));
        return builder.ToString();
    }

    public static bool Match(string left, string right) => Normalize(left) == Normalize(right);

    public static string ToKebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_') { builder.Append('-'); continue; }
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_')
            {
                var previous = name[i - 1];
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)))
                    builder.Append('-');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    public static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var normalized = Normalize(input);
        var best = candidates
            .Select(candidate => (candidate, distance: EditDistance(normalized, Normalize(candidate))))
            .OrderBy(pair => pair.distance)
            .FirstOrDefault();
        return best.candidate is not null && best.distance <= Math.Max(2, normalized.Length / 3) ? best.candidate : null;
    }
}
