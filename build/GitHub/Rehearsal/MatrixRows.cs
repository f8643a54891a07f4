namespace Strata.GitHub.Rehearsal;

/// <summary>Expands an evaluated <c>strategy.matrix</c> into rows with GitHub's rules for vectors, <c>exclude</c> and <c>include</c>.</summary>
public static class MatrixRows
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Expand(object? matrix, string jobId)
    {
        if (matrix is not IReadOnlyDictionary<string, object?> map)
            throw new RehearsalException($"job {jobId}: strategy.matrix is not an object but '{ExpressionValues.ToText(matrix)}'");

        var rows = new List<Dictionary<string, object?>> { new(StringComparer.OrdinalIgnoreCase) };
        var vectorKeys = map.Keys.Where(key => !IsKeyword(key, "include") && !IsKeyword(key, "exclude")).ToList();
        foreach (var key in vectorKeys)
        {
            if (map[key] is not IReadOnlyList<object?> { Count: > 0 } values)
                throw new RehearsalException($"job {jobId}: matrix vector '{key}' is not a non-empty list");
            rows = rows.SelectMany(row => values.Select(value => new Dictionary<string, object?>(row, StringComparer.OrdinalIgnoreCase) { [key] = value })).ToList();
        }
        if (vectorKeys.Count == 0) rows.Clear();

        if (Find(map, "exclude") is IReadOnlyList<object?> excludes)
            rows.RemoveAll(row => excludes.OfType<IReadOnlyDictionary<string, object?>>().Any(exclude => Matches(row, exclude)));

        if (Find(map, "include") is IReadOnlyList<object?> includes)
        {
            var original = rows.Select(row => new Dictionary<string, object?>(row, StringComparer.OrdinalIgnoreCase)).ToList();
            foreach (var include in includes.OfType<IReadOnlyDictionary<string, object?>>())
            {
                var extended = false;
                for (var i = 0; i < original.Count; i++)
                    if (include.All(pair => !original[i].ContainsKey(pair.Key) || ExpressionValues.LooseEquals(original[i][pair.Key], pair.Value)))
                    {
                        foreach (var (key, value) in include) rows[i][key] = value;
                        extended = true;
                    }
                if (!extended) rows.Add(new Dictionary<string, object?>(include, StringComparer.OrdinalIgnoreCase));
            }
        }
        if (rows.Count == 0)
            throw new RehearsalException($"job {jobId}: strategy.matrix has no rows (GitHub fails such a job)");
        return rows;
    }

    static object? Find(IReadOnlyDictionary<string, object?> map, string keyword) =>
        map.FirstOrDefault(pair => IsKeyword(pair.Key, keyword)).Value;

    static bool IsKeyword(string key, string keyword) => string.Equals(key, keyword, StringComparison.OrdinalIgnoreCase);

    static bool Matches(IReadOnlyDictionary<string, object?> row, IReadOnlyDictionary<string, object?> pattern) =>
        pattern.All(pair => row.TryGetValue(pair.Key, out var value) && ExpressionValues.LooseEquals(value, pair.Value));

    /// <summary>The filter key whose value leaves this row out, or null when the row stays.</summary>
    public static string? FilteredOutBy(IReadOnlyDictionary<string, object?> row, IReadOnlyDictionary<string, IReadOnlyList<string>> filter)
    {
        foreach (var (key, allowed) in filter)
            if (row.TryGetValue(key, out var value) && !allowed.Contains(ExpressionValues.ToText(value), StringComparer.Ordinal))
                return $"{key}={ExpressionValues.ToText(value)}";
        return null;
    }
}
