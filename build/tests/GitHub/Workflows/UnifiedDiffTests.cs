using Strata.GitHub.Workflows;

namespace Strata.Tests.GitHub.Workflows;

public class UnifiedDiffTests
{
    static string Lines(params object[] lines) => string.Concat(lines.Select(l => l + "\n"));
    static string Numbered(int from, int to, params (int Line, string Text)[] replacements) =>
        Lines(Enumerable.Range(from, to - from + 1)
            .Select(n => replacements.FirstOrDefault(r => r.Line == n).Text ?? (object)n)
            .ToArray());

    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal("", UnifiedDiff.Create(Numbered(1, 5), Numbered(1, 5), "a/f", "b/f"));
        Assert.Equal("", UnifiedDiff.Create("", "", "a/f", "b/f"));
    }

    [Fact]
    public void A_changed_line_shows_three_lines_of_context_either_side()
    {
        var newText = Numbered(1, 10, (5, "five"));

        var diff = UnifiedDiff.Create(Numbered(1, 10), newText, "a/f.yml", "b/f.yml");

        Assert.Equal(Lines("--- a/f.yml", "+++ b/f.yml", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"), diff);
    }

    [Fact]
    public void Distant_changes_make_separate_hunks_and_near_changes_share_one()
    {
        var distant = UnifiedDiff.Create(Numbered(1, 20), Numbered(1, 20, (2, "two"), (19, "nineteen")), "a", "b");
        Assert.Equal(Lines("--- a", "+++ b",
            "@@ -1,5 +1,5 @@", " 1", "-2", "+two", " 3", " 4", " 5",
            "@@ -16,5 +16,5 @@", " 16", " 17", " 18", "-19", "+nineteen", " 20"), distant);

        var near = UnifiedDiff.Create(Numbered(1, 20), Numbered(1, 20, (5, "five"), (11, "eleven")), "a", "b");
        Assert.Single(near.Split('\n'), l => l.StartsWith("@@"));
        Assert.Contains("@@ -2,13 +2,13 @@\n", near);
    }

    [Fact]
    public void Files_created_or_deleted_diff_against_an_empty_range()
    {
        Assert.Equal(Lines("--- /dev/null", "+++ b/new.yml", "@@ -0,0 +1,2 @@", "+a", "+b"),
            UnifiedDiff.Create("", Lines("a", "b"), "/dev/null", "b/new.yml"));
        Assert.Equal(Lines("--- a/old.yml", "+++ /dev/null", "@@ -1 +0,0 @@", "-a"),
            UnifiedDiff.Create(Lines("a"), "", "a/old.yml", "/dev/null"));
    }

    [Fact]
    public void A_missing_final_newline_is_marked_and_counts_as_a_change()
    {
        var diff = UnifiedDiff.Create("a\nb\n", "a\nb", "a/f", "b/f");

        Assert.Equal(Lines("--- a/f", "+++ b/f", "@@ -1,2 +1,2 @@", " a", "-b", "+b", UnifiedDiff.NoNewlineMarker), diff);
    }

    [Fact]
    public void Applying_the_diff_to_the_old_text_gives_the_new_text_for_random_edits()
    {
        var random = new Random(20261127);
        for (var round = 0; round < 300; round++)
        {
            var oldLines = Enumerable.Range(0, random.Next(0, 40)).Select(_ => "l" + random.Next(0, 8)).ToList();
            var newLines = oldLines.ToList();
            for (var edit = random.Next(0, 6); edit > 0; edit--)
            {
                var at = random.Next(0, newLines.Count + 1);
                switch (random.Next(3))
                {
                    case 0: newLines.Insert(at, "n" + random.Next(0, 8)); break;
                    case 1 when at < newLines.Count: newLines.RemoveAt(at); break;
                    case 2 when at < newLines.Count: newLines[at] = "c" + random.Next(0, 8); break;
                }
            }
            var oldText = Lines([.. oldLines]);
            var newText = Lines([.. newLines]);

            var diff = UnifiedDiff.Create(oldText, newText, "a", "b");

            Assert.Equal(newText, Apply(oldText, diff));
            Assert.Equal(oldText == newText, diff.Length == 0);
        }
    }

    /// <summary>A strict patch applier: context and removed lines must match the old text exactly.</summary>
    static string Apply(string oldText, string diff)
    {
        if (diff.Length == 0) return oldText;
        var old = oldText.Split('\n')[..^1];
        var result = new List<string>();
        var position = 0;
        var lines = diff.Split('\n')[..^1];
        Assert.Equal("--- a", lines[0]);
        Assert.Equal("+++ b", lines[1]);
        for (var i = 2; i < lines.Length;)
        {
            var header = System.Text.RegularExpressions.Regex.Match(lines[i], @"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$");
            Assert.True(header.Success, $"bad hunk header '{lines[i]}'");
            var oldStart = int.Parse(header.Groups[1].Value);
            var oldCount = header.Groups[2].Success ? int.Parse(header.Groups[2].Value) : 1;
            var hunkStart = oldCount == 0 ? oldStart : oldStart - 1;
            Assert.True(hunkStart >= position, "hunks overlap or go backwards");
            result.AddRange(old[position..hunkStart]);
            position = hunkStart;
            var seenOld = 0;
            for (i++; i < lines.Length && !lines[i].StartsWith("@@"); i++)
            {
                var text = lines[i][1..];
                switch (lines[i][0])
                {
                    case ' ': Assert.Equal(old[position++], text); result.Add(text); seenOld++; break;
                    case '-': Assert.Equal(old[position++], text); seenOld++; break;
                    case '+': result.Add(text); break;
                    default: Assert.Fail($"bad diff line '{lines[i]}'"); break;
                }
            }
            Assert.Equal(oldCount, seenOld);
        }
        result.AddRange(old[position..]);
        return string.Concat(result.Select(l => l + "\n"));
    }
}
