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
        var steps = new HashSet<string>();
        var cached = new HashSet<string>();
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var step = StepLine().Match(line);
            if (step.Success)
            {
                if (!step.Groups["instruction"].Value.Equals("FROM", StringComparison.OrdinalIgnoreCase))
                    steps.Add(step.Groups["id"].Value);
                continue;
            }
            var done = CachedLine().Match(line);
            if (done.Success)
                cached.Add(done.Groups["id"].Value);
        }
        return steps.IsSubsetOf(cached);
    }

    [GeneratedRegex(@"^#(?<id>\d+) \[(?:[^\]]*\s)?\d+/\d+\] (?<instruction>[A-Za-z]+)")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^#(?<id>\d+) CACHED\s*$")]
    private static partial Regex CachedLine();
}
