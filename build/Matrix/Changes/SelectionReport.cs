namespace Strata.Matrix.Changes;

/// <summary>
/// Why a plan holds the entries it holds, for the log and the step summary: "everything" with its reason, or the
/// change rules that fired with their counts.
/// </summary>
public sealed record SelectionReport(string Summary, IReadOnlyList<RuleFiring> Firings, int UnclassifiedFiles, bool BuildsEverything = false)
{
    public static SelectionReport Everything(string reason) => new(reason, [], 0, BuildsEverything: true);

    /// <summary>One line per fired rule, after a line that says what was selected from.</summary>
    public IEnumerable<string> Lines()
    {
        if (BuildsEverything)
        {
            yield return $"Building everything: {Summary}";
            yield break;
        }
        yield return $"Selected by change rules from {Summary}" +
            (UnclassifiedFiles > 0 ? $"; {UnclassifiedFiles} file(s) matched no rule and select nothing" : "");
        foreach (var firing in Firings)
            yield return $"  {firing}";
    }
}
