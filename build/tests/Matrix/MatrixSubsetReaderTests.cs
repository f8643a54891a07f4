using System.Text;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

/// <summary>
/// Differential tests: <see cref="MatrixFile.Parse"/> (the subset reader, falling back to YamlDotNet) must give the
/// same entries, fields, values, lines and errors as <see cref="MatrixFile.ParseWithYamlDotNet"/> on every input.
/// </summary>
public class MatrixSubsetReaderTests
{
    [Fact]
    public void Every_fixture_is_read_by_the_subset_reader_exactly_as_YamlDotNet_reads_it()
    {
        var files = Fixtures.AllMatrices.ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var yaml = File.ReadAllText(file);
            var subset = MatrixSubsetReader.TryRead(yaml, file);
            Assert.True(subset is not null, $"{file} fell outside the subset");
            Assert.Equal(Dump(MatrixFile.ParseWithYamlDotNet(yaml, file)), Dump(subset!));
            Assert.Equal(Outcome(() => MatrixFile.ParseWithYamlDotNet(yaml, file)), Outcome(() => MatrixFile.Parse(yaml, file)));
        }
    }

    [Fact]
    public void Every_fixture_with_CRLF_line_ends_reads_the_same()
    {
        foreach (var file in Fixtures.AllMatrices)
        {
            var yaml = File.ReadAllText(file).Replace("\n", "\r\n");
            Assert.NotNull(MatrixSubsetReader.TryRead(yaml, file));
            Assert.Equal(Outcome(() => MatrixFile.ParseWithYamlDotNet(yaml, file)), Outcome(() => MatrixFile.Parse(yaml, file)));
        }
    }

    [Fact]
    public void Generated_matrices_read_the_same_on_either_path()
    {
        var source = Fixtures.Matrix202608.Linux.Take(40).Concat(Fixtures.Matrix202608.Darwin.Take(4)).ToList();
        var random = new Random(20261128);
        var subsetReads = 0;
        var fallbacks = 0;
        const int cases = 600;
        for (var i = 0; i < cases; i++)
        {
            var yaml = Generate(random, source, mutate: i % 3 == 2);
            var expected = Outcome(() => MatrixFile.ParseWithYamlDotNet(yaml, "m.yaml"));
            var actual = Outcome(() => MatrixFile.Parse(yaml, "m.yaml"));
            Assert.True(expected == actual, $"case {i} differs.\n--- input ---\n{yaml}\n--- YamlDotNet ---\n{expected}\n--- Parse ---\n{actual}");
            if (MatrixSubsetReader.TryRead(yaml, "m.yaml") is null) fallbacks++;
            else subsetReads++;
        }
        // Both paths must have been exercised substantially, or the comparison proves little.
        Assert.True(subsetReads > cases / 3, $"only {subsetReads} of {cases} generated matrices took the subset reader");
        Assert.True(fallbacks > cases / 10, $"only {fallbacks} of {cases} generated matrices fell back to YamlDotNet");
    }

    [Theory]
    [InlineData("include:\n  - backend: a\n    platforms: [linux/amd64]\n")]
    [InlineData("include:\n  - &x backend: a\n")]
    [InlineData("include:\n  - backend: &b a\n    tag-suffix: *b\n")]
    [InlineData("include:\n  - backend: !!str a\n")]
    [InlineData("include:\n  - backend: |\n      a\n")]
    [InlineData("include:\n  - backend: \"a\\tb\"\n")]
    [InlineData("include:\n  - backend: a\n      b\n")]
    [InlineData("include:\n  - backend: 'a\n      b'\n")]
    [InlineData("include:\n  - backend: a\n---\ninclude: []\n")]
    [InlineData("include:\n  - backend: a\n...\n")]
    [InlineData("%YAML 1.1\n---\ninclude:\n  - backend: a\n")]
    [InlineData("include:\n  - backend: a\nother:\n  - x: y\n")]
    [InlineData("include:\n  - backend: a\n    backend: b\n")]
    [InlineData("include:\n  - backend: a\ninclude:\n  - backend: b\n")]
    [InlineData("include:\n  - backend:\ta\n")]
    [InlineData("include:\n  - backend: a: b\n")]
    [InlineData("include:\n  - backend:a\n")]
    [InlineData("include: []\n")]
    [InlineData("include:\n  -\n    backend: a\n")]
    [InlineData("include:\n  - backend: a\n   - backend: b\n")]
    [InlineData("include:\n  - backend: 'a'b\n")]
    [InlineData("include:\n  - \"backend\": a\n")]
    [InlineData("\uFEFFinclude:\n  - backend: a\n")]
    [InlineData("include:\r  - backend: a\r")]
    [InlineData("linux:\n  - backend: a\ninclude:\n  - backend: b\n")]
    [InlineData("# only a comment\n")]
    [InlineData("")]
    public void Input_outside_the_subset_falls_back_to_YamlDotNet_with_the_same_outcome(string yaml)
    {
        Assert.Null(MatrixSubsetReader.TryRead(yaml, "m.yaml"));
        Assert.Equal(Outcome(() => MatrixFile.ParseWithYamlDotNet(yaml, "m.yaml")), Outcome(() => MatrixFile.Parse(yaml, "m.yaml")));
    }

    [Fact]
    public void Validation_runs_on_what_the_subset_reader_read()
    {
        var yaml = "---\ninclude:\n  - backend: a\n    tag-suffix: '-cpu-a'\n    build-type: 'nonsense'\n";
        Assert.NotNull(MatrixSubsetReader.TryRead(yaml, "m.yaml"));

        var error = Assert.Throws<MatrixException>(() => MatrixFile.Parse(yaml, "m.yaml"));
        Assert.Equal(Outcome(() => MatrixFile.ParseWithYamlDotNet(yaml, "m.yaml")), "error: " + error.Message);
        Assert.Contains("m.yaml:", error.Message);
    }

    /// <summary>A matrix from real entries in random but valid layouts; with <paramref name="mutate"/>, one random edit that is often outside the subset or invalid.</summary>
    static string Generate(Random random, IReadOnlyList<BackendEntry> source, bool mutate)
    {
        var lines = new List<string>();
        if (random.Next(3) == 0) lines.Add(random.Next(2) == 0 ? "---" : "--- # start");
        if (random.Next(2) == 0) lines.Add("# generated matrix");
        var schema = random.Next(2) == 0 ? ("include", "includeDarwin") : ("linux", "darwin");
        var linux = source.Where(e => e.Section == MatrixSection.Linux).OrderBy(_ => random.Next()).Take(random.Next(0, 6)).ToList();
        var darwin = source.Where(e => e.Section == MatrixSection.Darwin).OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToList();
        var sections = new List<(string Key, List<BackendEntry> Entries)> { (schema.Item1, linux), (schema.Item2, darwin) };
        if (random.Next(4) == 0) sections.Reverse();
        if (random.Next(5) == 0) sections.RemoveAt(1);
        foreach (var (key, entries) in sections)
        {
            lines.Add(random.Next(4) == 0 ? $"{key}:   # {key} entries" : $"{key}:");
            var itemIndent = random.Next(3) * 2;
            var dashSpaces = random.Next(1, 4);
            foreach (var entry in entries)
            {
                if (random.Next(4) == 0) lines.Add("");
                if (random.Next(4) == 0) lines.Add(new string(' ', random.Next(0, 8)) + "# about " + entry.Backend);
                var first = true;
                foreach (var field in entry.Fields.OrderBy(_ => random.Next(10) == 0 ? random.Next() : 0))
                {
                    var prefix = first ? new string(' ', itemIndent) + "-" + new string(' ', dashSpaces) : new string(' ', itemIndent + 1 + dashSpaces);
                    lines.Add($"{prefix}{field.Name}:{new string(' ', random.Next(1, 3))}{Render(random, field.Value)}{Trailer(random)}");
                    first = false;
                    if (random.Next(20) == 0) lines.Add("");
                }
            }
        }
        if (mutate) Mutate(random, lines);
        var newline = random.Next(4) == 0 ? "\r\n" : "\n";
        return string.Join(newline, lines) + (random.Next(5) == 0 ? "" : newline);
    }

    static string Render(Random random, string value) => random.Next(6) switch
    {
        0 or 1 => value,
        2 or 3 => "'" + value.Replace("'", "''") + "'",
        4 => "\"" + value + "\"",
        _ => value.Length == 0 ? "" : value,
    };

    static string Trailer(Random random) => random.Next(8) switch
    {
        0 => " # note",
        1 => "   ",
        2 => "  #note: with: colons",
        _ => "",
    };

    static readonly string[] OddValues =
    [
        "[linux/amd64, linux/arm64]", "{a: 1}", "&anchor x", "*anchor", "!!str x", "|", ">-", "'it''s'", "\"a\\\"b\"",
        "\"a\\u0041\"", "a: b", "a:", "- x", "-", "a #b", "a#b", "'a'#b", "'a' x", "\"unterminated", "'unterminated",
        "true", "False", "NULL", "~", "", "1.10", "0x1F", "yes", "@x", "`x", "%x", "?x", "? x", ":x", "x:y", "'", "\"\"",
        "ä ü — ✓", "a\tb", "a  b  ", "'#not a comment'", "http://x:80/y", "nonsense-build-type",
    ];

    static void Mutate(Random random, List<string> lines)
    {
        var fieldLines = lines.Select((line, index) => (line, index)).Where(p => p.line.Contains(": ") && p.line.StartsWith(' ')).ToList();
        switch (random.Next(12))
        {
            case 0 or 1 or 2 or 3 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                lines[index] = line[..(line.IndexOf(": ", StringComparison.Ordinal) + 2)] + OddValues[random.Next(OddValues.Length)];
                break;
            }
            case 4 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                lines.Insert(index + 1, line); // a duplicate field
                break;
            }
            case 5 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                lines[index] = " " + line; // wrong indentation
                break;
            }
            case 6:
                lines.Add("---");
                lines.Add("include: []");
                break;
            case 7:
                lines.Add("extra:");
                lines.Add("  - backend: x");
                break;
            case 8 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                lines.Insert(index + 1, new string(' ', line.Length - line.TrimStart().Length + 2) + "continued");
                break;
            }
            case 9 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                lines[index] = line[..colon] + ":\n" + new string(' ', line.Length - line.TrimStart().Length + 2) + "- " + line[(colon + 2)..];
                break;
            }
            case 10 when fieldLines.Count > 0:
            {
                var (line, index) = fieldLines[random.Next(fieldLines.Count)];
                lines[index] = line.Replace(": ", ":\t");
                break;
            }
            default:
                lines.Insert(random.Next(lines.Count + 1), random.Next(2) == 0 ? "   " : "#");
                break;
        }
    }

    static string Outcome(Func<BackendMatrix> read)
    {
        try
        {
            return Dump(read());
        }
        catch (MatrixException exception)
        {
            return "error: " + exception.Message;
        }
    }

    static string Dump(BackendMatrix matrix)
    {
        var text = new StringBuilder();
        text.AppendLine($"{matrix.FilePath} {matrix.Schema}");
        foreach (var entry in matrix.Linux.Concat(matrix.Darwin))
        {
            text.AppendLine($"{entry.FilePath} {entry.Section} #{entry.Index} line {entry.Line}");
            foreach (var field in entry.Fields)
                text.AppendLine($"  {field.Name} = [{field.Value}] line {field.Line}");
        }
        return text.ToString();
    }
}
