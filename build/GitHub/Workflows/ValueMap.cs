using System.Collections;
using System.Runtime.CompilerServices;

namespace Strata.GitHub.Workflows;

/// <summary>
/// An immutable string-to-string mapping that keeps insertion order (the order is the order
/// written to YAML) and compares by content. Duplicate keys are rejected.
/// </summary>
[CollectionBuilder(typeof(ValueMap), nameof(Create))]
public sealed class ValueMap : IReadOnlyList<(string Key, string Value)>, IEquatable<ValueMap>
{
    public static readonly ValueMap Empty = new([]);

    readonly (string Key, string Value)[] _entries;

    public ValueMap(IEnumerable<(string Key, string Value)> entries)
    {
        _entries = entries.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in _entries)
            if (!seen.Add(key))
                throw new ArgumentException($"duplicate key '{key}' in mapping [{string.Join(", ", _entries.Select(e => e.Key))}]");
    }

    public static ValueMap Create(ReadOnlySpan<(string Key, string Value)> entries) => new(entries.ToArray());

    public int Count => _entries.Length;
    public (string Key, string Value) this[int index] => _entries[index];

    public string? this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value;

    public bool ContainsKey(string key) => _entries.Any(e => e.Key == key);

    public IEnumerator<(string Key, string Value)> GetEnumerator() => ((IEnumerable<(string, string)>)_entries).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);
    public override bool Equals(object? obj) => Equals(obj as ValueMap);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries) hash.Add(entry);
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";
}
