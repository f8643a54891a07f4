using System.Text.RegularExpressions;

namespace Strata.Images;

/// <summary>Reads BuildKit's <c>--progress=plain</c> output.</summary>
public static partial class BuildProgress
{
    /// <summary>
    /// True when every Dockerfile step other than FROM reports CACHED. FROM steps never say CACHED
    /// (they resolve an image), and internal steps (<c>[internal] …</c>, exporting) are not steps of the recipe.
    /// </summary>
    public static bool AllStepsCached(string output)
    {
        var tracker = new Tracker();
        foreach (var line in output.Split('\n'))
            tracker.Observe(line);
        return tracker.AllStepsCached;
    }

    /// <summary>Reads a build's output one line at a time, keeping only step ids and the last few lines.</summary>
    public sealed class Tracker
    {
        const int KeptLines = 3;
        readonly object gate = new();
        readonly HashSet<string> steps = [];
        readonly HashSet<string> cached = [];
        readonly Queue<string> lastLines = new();
        string? lastError;

        public void Observe(string rawLine)
        {
            var line = rawLine.TrimEnd('\r');
            lock (gate)
            {
                var trimmed = line.Trim();
                if (trimmed.Length > 0)
                {
                    lastLines.Enqueue(trimmed);
                    if (lastLines.Count > KeptLines) lastLines.Dequeue();
                    if (trimmed.Contains("ERROR", StringComparison.Ordinal) || trimmed.StartsWith("error", StringComparison.OrdinalIgnoreCase))
                        lastError = trimmed;
                }
                var step = StepLine().Match(line);
                if (step.Success)
                {
                    if (!step.Groups["instruction"].Value.Equals("FROM", StringComparison.OrdinalIgnoreCase))
                        steps.Add(step.Groups["id"].Value);
                    return;
                }
                var done = CachedLine().Match(line);
                if (done.Success)
                    cached.Add(done.Groups["id"].Value);
            }
        }

        public bool AllStepsCached
        {
            get { lock (gate) return steps.IsSubsetOf(cached); }
        }

        /// <summary>The last error line, or else the last three lines, for a failure message.</summary>
        public string FailureSummary
        {
            get { lock (gate) return lastError ?? string.Join(" | ", lastLines); }
        }
    }

    [GeneratedRegex(@"^#(?<id>\d+) \[(?:[^\]]*\s)?\d+/\d+\] (?<instruction>[A-Za-z]+)")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^#(?<id>\d+) CACHED\s*$")]
    private static partial Regex CachedLine();
}
