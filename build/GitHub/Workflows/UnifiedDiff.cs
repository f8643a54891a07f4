using System.Text;

namespace Strata.GitHub.Workflows;

/// <summary>
/// A line-based unified diff (Myers' O(ND) shortest edit script) in the format of
/// <c>diff -u</c> / <c>git diff</c>: <c>---</c>/<c>+++</c> headers, <c>@@</c> hunks with context.
/// </summary>
public static class UnifiedDiff
{
    public const string NoNewlineMarker = "\\ No newline at end of file";

    /// <summary>The diff turning <paramref name="oldText"/> into <paramref name="newText"/>; empty when they are equal.</summary>
    public static string Create(string oldText, string newText, string oldLabel, string newLabel, int context = 3)
    {
        var oldLines = Split(oldText);
        var newLines = Split(newText);
        var edits = ShortestEditScript(oldLines, newLines);
        if (edits.All(e => e.Kind == EditKind.Equal))
            return "";

        var output = new StringBuilder();
        output.Append("--- ").Append(oldLabel).Append('\n');
        output.Append("+++ ").Append(newLabel).Append('\n');
        foreach (var (start, end) in Hunks(edits, context))
            WriteHunk(output, edits, start, end, oldLines, newLines);
        return output.ToString();
    }

    readonly record struct Line(string Text, bool EndsWithoutNewline);

    enum EditKind { Equal, Delete, Insert }

    /// <param name="OldIndex">Index into the old lines (for Equal and Delete), else the old position.</param>
    /// <param name="NewIndex">Index into the new lines (for Equal and Insert), else the new position.</param>
    readonly record struct Edit(EditKind Kind, int OldIndex, int NewIndex);

    static Line[] Split(string text)
    {
        if (text.Length == 0) return [];
        var parts = text.Split('\n');
        var endsWithNewline = parts[^1].Length == 0;
        var count = endsWithNewline ? parts.Length - 1 : parts.Length;
        var lines = new Line[count];
        for (var i = 0; i < count; i++)
            lines[i] = new Line(parts[i], !endsWithNewline && i == count - 1);
        return lines;
    }

    static List<Edit> ShortestEditScript(Line[] a, Line[] b)
    {
        int n = a.Length, m = b.Length, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1]
                    : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) { found = true; break; }
            }
        }

        // Walk the recorded frontiers back from (n, m) to recover the path.
        var edits = new List<Edit>();
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var vd = trace[d];
            var k = cx - cy;
            var previousK = k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = vd[offset + previousK];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                cx--; cy--;
                edits.Add(new Edit(EditKind.Equal, cx, cy));
            }
            if (d > 0)
                edits.Add(cx == previousX
                    ? new Edit(EditKind.Insert, previousX, previousY)
                    : new Edit(EditKind.Delete, previousX, previousY));
            cx = previousX;
            cy = previousY;
        }
        edits.Reverse();
        return edits;
    }

    static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits, int context)
    {
        var changes = Enumerable.Range(0, edits.Count).Where(i => edits[i].Kind != EditKind.Equal).ToList();
        var index = 0;
        while (index < changes.Count)
        {
            var start = Math.Max(0, changes[index] - context);
            var last = changes[index];
            while (index + 1 < changes.Count && changes[index + 1] - last <= 2 * context + 1)
                last = changes[++index];
            index++;
            yield return (start, Math.Min(edits.Count, last + context + 1));
        }
    }

    static void WriteHunk(StringBuilder output, List<Edit> edits, int start, int end, Line[] oldLines, Line[] newLines)
    {
        var hunk = edits.GetRange(start, end - start);
        var oldCount = hunk.Count(e => e.Kind != EditKind.Insert);
        var newCount = hunk.Count(e => e.Kind != EditKind.Delete);
        var oldStart = hunk[0].OldIndex;
        var newStart = hunk[0].NewIndex;
        output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        foreach (var edit in hunk)
        {
            var (prefix, line) = edit.Kind switch
            {
                EditKind.Equal => (' ', oldLines[edit.OldIndex]),
                EditKind.Delete => ('-', oldLines[edit.OldIndex]),
                _ => ('+', newLines[edit.NewIndex]),
            };
            output.Append(prefix).Append(line.Text).Append('\n');
            if (line.EndsWithoutNewline)
                output.Append(NoNewlineMarker).Append('\n');
        }
    }

    // Like diff -u: a one-line range omits its count, an empty range names the line before it.
    static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };
}
