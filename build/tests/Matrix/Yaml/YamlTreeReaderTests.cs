using System.Text;
using Strata.Matrix.Yaml;
using Strata.Tests.GitHub.Workflows;
using Strata.Tests.Matrix.Changes;

namespace Strata.Tests.Matrix.Yaml;

/// <summary>
/// Differential tests: whenever <see cref="BlockYamlSubsetReader"/> accepts a text, its tree (values, structure and
/// every node's line) must equal the tree YamlDotNet reads from it; texts outside the subset must be refused, so
/// that <see cref="YamlTree.Parse"/> hands them (and every syntax error) to YamlDotNet.
/// </summary>
public class YamlTreeReaderTests
{
    static IEnumerable<string> RulesFiles() =>
    [
        RepositoryRules.File,
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, "build", "tests", "Matrix", "Changes", "testdata"), "*.rules.yaml"),
    ];

    [Fact]
    public void Every_rules_file_is_read_by_the_subset_reader_exactly_as_YamlDotNet_reads_it()
    {
        var files = RulesFiles().ToList();
        Assert.True(files.Count >= 3, string.Join(", ", files));
        foreach (var file in files)
            foreach (var yaml in new[] { File.ReadAllText(file), File.ReadAllText(file).Replace("\n", "\r\n") })
            {
                Assert.True(BlockYamlSubsetReader.TryRead(yaml, out var subset), $"{file} fell outside the subset");
                Assert.Equal(Dump(YamlTree.ParseWithYamlDotNet(yaml)), Dump(subset));
            }
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: x # note\n  d: 'it''s'\n")]
    [InlineData("rules:\n- a\n- b\nnext: 1\n")]
    [InlineData("rules:\n  - paths: [a/, \"b c/\", 'd']\n    linux: { canaries: all, langs: '{lang}' }\n")]
    [InlineData("empty:\nlast: x\n")]
    [InlineData("key:\n")]
    [InlineData("list:\n  -\n  - x\n  -\nend: y\n")]
    [InlineData("- a: 1\n  b:\n  - x\n- c\n")]
    [InlineData("---\nx: []\ny: {}\n")]
    [InlineData("   a: 1\n   b: 2\n")]
    [InlineData("a:b\n")]
    [InlineData("# only a comment\n\n")]
    [InlineData("a: x#y\nb: \"\" \n")]
    [InlineData("a: [ x , y ]   # spaces\n")]
    [InlineData("a:\n  - # comment\n    b: 1\n")]
    public void Texts_in_the_subset_are_read_as_YamlDotNet_reads_them(string yaml)
    {
        Assert.True(BlockYamlSubsetReader.TryRead(yaml, out var subset), "fell outside the subset");
        Assert.Equal(Dump(YamlTree.ParseWithYamlDotNet(yaml)), Dump(subset));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !tag x\n")]
    [InlineData("a: |\n  text\n")]
    [InlineData("a: plain\n  continued\n")]
    [InlineData("a: [x, [y]]\n")]
    [InlineData("a: [x, ]\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("\"a\": 1\n")]
    [InlineData("a: \"esc\\n\"\n")]
    [InlineData("a:\n    b: 1\n  c: 2\n")]
    [InlineData("rules: [\n")]
    [InlineData("- - x\n")]
    [InlineData("? a\n: b\n")]
    public void Texts_outside_the_subset_are_left_to_YamlDotNet(string yaml)
    {
        Assert.False(BlockYamlSubsetReader.TryRead(yaml, out _));
    }

    [Theory]
    [InlineData(100_000, true)]
    [InlineData(40, false)]
    public void Hostile_nesting_is_refused_with_its_line_instead_of_overflowing_the_stack(int depth, bool flow)
    {
        // 100 000 flow levels crashed the process (a stack overflow in YamlDotNet's recursive node loading); 40 block
        // levels are outside what any rules file needs.
        var yaml = flow
            ? "rules: " + new string('[', depth) + new string(']', depth) + "\n"
            : string.Concat(Enumerable.Range(0, depth).Select(level => new string(' ', level) + $"k{level}:\n")) + new string(' ', depth) + "leaf: x\n";

        var error = Assert.Throws<Strata.Matrix.Changes.ChangeRulesException>(() => Strata.Matrix.Changes.ChangeRulesFile.Parse(yaml, "rules.yaml", ".docker/bases"));

        Assert.Contains($"nesting deeper than {YamlTree.MaxDepth} levels", error.Message);
        Assert.Equal(flow ? 1 : YamlTree.MaxDepth + 1, error.Line); // the first mapping too deep
    }

    [Fact]
    public void Generated_documents_read_the_same_on_either_path()
    {
        var random = new Random(20261128);
        var subsetReads = 0;
        var fallbacks = 0;
        const int cases = 800;
        for (var i = 0; i < cases; i++)
        {
            var yaml = Generate(random);
            string expected;
            try { expected = Dump(YamlTree.ParseWithYamlDotNet(yaml)); }
            catch (YamlDotNet.Core.YamlException e) { expected = "error " + e.Start.Line; }
            if (!BlockYamlSubsetReader.TryRead(yaml, out var subset))
            {
                fallbacks++;
                continue;
            }
            subsetReads++;
            Assert.True(expected == Dump(subset), $"case {i} differs.\n--- input ---\n{yaml}\n--- YamlDotNet ---\n{expected}\n--- subset ---\n{Dump(subset)}");
        }
        // Both outcomes must be common, or the comparison proves little.
        Assert.True(subsetReads > cases / 2, $"only {subsetReads} of {cases} generated documents took the subset reader");
        Assert.True(fallbacks > cases / 10, $"only {fallbacks} of {cases} generated documents fell back to YamlDotNet");
    }

    /// <summary>A nested block document with random layout: indentation, comments, blank lines, quoting, flow lists, empty values, CRLF.</summary>
    static string Generate(Random random)
    {
        var text = new StringBuilder();
        var newline = random.Next(5) == 0 ? "\r\n" : "\n";
        if (random.Next(6) == 0) text.Append("---").Append(newline);
        WriteMapping(text, random, 0, depth: 0, newline, keysSeen: new HashSet<string>());
        return text.ToString();
    }

    static void WriteMapping(StringBuilder text, Random random, int indent, int depth, string newline, HashSet<string> keysSeen, bool firstInline = false)
    {
        var count = 1 + random.Next(4);
        for (var k = 0; k < count; k++)
        {
            if (random.Next(5) == 0) text.Append(' ', random.Next(indent + 3)).Append("# c: 'x'").Append(newline);
            if (random.Next(6) == 0) text.Append(newline);
            var key = Pick(random, "a", "base-langs", "kind", "dir", "x.y", "k_1", "paths", "linux");
            if (!keysSeen.Add(key)) key += k; // duplicates would fall out of the subset
            if (!(firstInline && k == 0)) text.Append(' ', indent);
            text.Append(key).Append(':');
            WriteValue(text, random, indent, depth, newline, inSequenceItem: false);
        }
    }

    static void WriteValue(StringBuilder text, Random random, int indent, int depth, string newline, bool inSequenceItem)
    {
        var choice = depth >= 3 ? random.Next(4) : random.Next(7);
        switch (choice)
        {
            case 0:
                text.Append(' ').Append(Scalar(random)).Append(Comment(random)).Append(newline);
                break;
            case 1:
                text.Append(' ').Append(FlowList(random)).Append(Comment(random)).Append(newline);
                break;
            case 2:
                text.Append(' ').Append(FlowMap(random)).Append(newline);
                break;
            case 3:
                text.Append(Comment(random)).Append(newline); // an empty value
                break;
            case 4 or 5:
            {
                text.Append(newline);
                var child = indent + 1 + random.Next(3);
                WriteMapping(text, random, child, depth + 1, newline, []);
                break;
            }
            default:
            {
                text.Append(newline);
                // A block sequence, deeper or (as a mapping value) at the key's own indentation.
                var child = !inSequenceItem && random.Next(3) == 0 ? indent : indent + 1 + random.Next(3);
                var items = 1 + random.Next(3);
                for (var i = 0; i < items; i++)
                {
                    text.Append(' ', child).Append('-');
                    var spaces = 1 + random.Next(2);
                    switch (random.Next(3))
                    {
                        case 0:
                            text.Append(' ', spaces).Append(Scalar(random)).Append(newline);
                            break;
                        case 1:
                            text.Append(' ', spaces);
                            WriteMapping(text, random, child + 1 + spaces, depth + 1, newline, [], firstInline: true);
                            break;
                        default:
                            text.Append(newline);
                            WriteMapping(text, random, child + 1 + random.Next(3), depth + 1, newline, []);
                            break;
                    }
                }
                break;
            }
        }
    }

    // Mostly values inside the subset; now and then one outside it (which sends the whole document to YamlDotNet).
    static string Scalar(Random random) => random.Next(12) > 0
        ? Pick(random, "python", "backend/{kind}/", "'it''s'", "\"{lang}\"", "a b", "\"\"", "''", "x#y", "~", "true", "1.5", "{bases-dir}/Dockerfile.{lang}", "a:b")
        : Pick(random, "**/*.md", "a: b", "'unterminated", "plain:", "-", "[x]", "*alias", "\"esc\\t\"", "&anchor x");

    static string FlowList(Random random) => random.Next(12) > 0
        ? Pick(random, "[]", "[a]", "[a, b]", "[ 'x', \"y\" ]", "[llama-cpp, turboquant]", "[a,b]")
        : Pick(random, "[a, [b]]", "[a, ]", "[a: b]");

    static string FlowMap(Random random) => random.Next(12) > 0
        ? Pick(random, "{}", "{ canaries: all }", "{ langs: '{lang}', kinds: x }", "{a: b}")
        : Pick(random, "{ a: }", "{ a: [b] }", "{ a }");

    static string Comment(Random random) => random.Next(4) == 0 ? "  # note" : "";

    static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    /// <summary>The tree as text: every node's kind, line and value, so two trees compare by one string.</summary>
    static string Dump(YamlTreeNode? node)
    {
        var text = new StringBuilder();
        Write(node, 0);
        return text.ToString();

        void Write(YamlTreeNode? value, int level)
        {
            text.Append(' ', level * 2);
            switch (value)
            {
                case null:
                    text.Append("(no document)\n");
                    break;
                case YamlTreeScalar scalar:
                    text.Append($"scalar@{scalar.Line} \"{scalar.Value}\"\n");
                    break;
                case YamlTreeSequence sequence:
                    text.Append($"sequence@{sequence.Line}\n");
                    foreach (var item in sequence.Items) Write(item, level + 1);
                    break;
                case YamlTreeMapping mapping:
                    text.Append($"mapping@{mapping.Line}\n");
                    foreach (var entry in mapping.Entries)
                    {
                        text.Append(' ', level * 2 + 2).Append($"key@{entry.Key.Line} \"{entry.Key.Value}\"\n");
                        Write(entry.Value, level + 2);
                    }
                    break;
            }
        }
    }
}
