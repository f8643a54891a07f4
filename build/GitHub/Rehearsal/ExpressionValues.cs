using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.GitHub.Rehearsal;

/// <summary>
/// GitHub's expression values: null, bool, double, string, objects (<see cref="IReadOnlyDictionary{TKey,TValue}"/>, keys
/// case-insensitive) and arrays (<see cref="IReadOnlyList{T}"/>), with GitHub's truthiness, coercion and string forms.
/// </summary>
public static class ExpressionValues
{
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => FormatNumber(d),
        string s => s,
        _ => ToJson(value),
    };

    public static string FormatNumber(double number) =>
        number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);

    public static double ToNumber(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s => s.Trim().Length == 0 ? 0 : ParseNumber(s.Trim()) ?? double.NaN,
        _ => double.NaN,
    };

    public static double? ParseNumber(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
            return hex;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>GitHub's loose equality: same kinds compare directly (strings ignoring case), other kinds as numbers.</summary>
    public static bool LooseEquals(object? left, object? right)
    {
        if (left is string a && right is string b) return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        if (left is null && right is null) return true;
        if (left is bool x && right is bool y) return x == y;
        if (IsComposite(left) || IsComposite(right)) return ReferenceEquals(left, right);
        var l = ToNumber(left);
        var r = ToNumber(right);
        return !double.IsNaN(l) && !double.IsNaN(r) && l == r;
    }

    /// <summary>Negative, zero or positive; null when the operands do not compare (NaN), which makes every comparison false.</summary>
    public static int? Compare(object? left, object? right)
    {
        if (left is string a && right is string b) return string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
        var l = ToNumber(left);
        var r = ToNumber(right);
        return double.IsNaN(l) || double.IsNaN(r) ? null : l.CompareTo(r);
    }

    static bool IsComposite(object? value) => value is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>;

    public static object? FromJson(string json)
    {
        try
        {
            return FromNode(JsonNode.Parse(json));
        }
        catch (JsonException exception)
        {
            throw new ExpressionException($"fromJSON: '{Shorten(json)}' is not JSON ({exception.Message})");
        }
    }

    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => (IReadOnlyDictionary<string, object?>)o.ToDictionary(p => p.Key, p => FromNode(p.Value), StringComparer.OrdinalIgnoreCase),
        JsonArray a => (IReadOnlyList<object?>)a.Select(FromNode).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        double d => d == Math.Floor(d) && Math.Abs(d) < 1e15 ? JsonValue.Create((long)d) : JsonValue.Create(d),
        string s => JsonValue.Create(s),
        IReadOnlyDictionary<string, object?> o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, ToNode(p.Value)))),
        IReadOnlyList<object?> a => new JsonArray(a.Select(ToNode).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    public static string ToJson(object? value) => ToNode(value)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";

    /// <summary>A context object from name/value pairs (names case-insensitive, as GitHub reads them).</summary>
    public static IReadOnlyDictionary<string, object?> Object(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs) result[key] = value;
        return result;
    }

    public static readonly IReadOnlyDictionary<string, object?> Empty = Object(Array.Empty<KeyValuePair<string, object?>>());

    public static IReadOnlyDictionary<string, object?> Object(IEnumerable<(string Key, string Value)> pairs) =>
        Object(pairs.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value)));

    static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
