using System.Text.Json.Nodes;

namespace Strata.Tests.Matrix;

/// <summary>Deep JSON comparison that names the first difference by path (objects compare key for key, any order).</summary>
static class JsonDiff
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                        return $"{path}.{key}: missing";
                    if (FirstDifference(value, a[key], $"{path}.{key}") is { } d)
                        return d;
                }
                foreach (var (key, _) in a)
                    if (!e.ContainsKey(key))
                        return $"{path}.{key}: unexpected key";
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } d)
                        return d;
                return e.Count == a.Count ? null : $"{path}: expected {e.Count} items, got {a.Count}";
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : $"{path}: expected {e.ToJsonString()}, got {a.ToJsonString()}";
            default:
                return $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
        }
    }

    public static void AssertEqual(JsonNode expected, JsonNode actual)
    {
        var difference = FirstDifference(expected, actual);
        Assert.True(difference is null, $"JSON differs at {difference}");
    }
}
