using System.Text;
using System.Text.RegularExpressions;
using Strata.Matrix;
using Strata.Tests.Matrix;
using Strata.Tests.Targets;

namespace Strata.Tests.Hardening;

/// <summary>
/// Generated hostile matrices (seeded, so a failure reproduces): each carries one mistake or attack, and each must end
/// the same way — exit code 2, one error line naming file:line, no line a runner would read as a command, nothing written.
/// </summary>
public partial class HostileMatrixFuzzTests
{
    public const int Count = 300;

    static readonly string[] KnownFields =
        ["backend", "tag-suffix", "build-type", "base-image", "dockerfile", "context", "runs-on", "ubuntu-version", "platforms", "lang", "source-dir", "note"];

    static readonly string[] ControlCharacters = ["\\n", "\\r", "\\t", "\\x01", "\\x1b", "\\u0085", "\\u2028", "\\0", "\\n::add-mask::x", "\\r::stop-commands::y"];

    /// <summary>One hostile matrix: its YAML and what it attacks (for the failure message).</summary>
    public static (string Yaml, string Attack) Generate(int seed)
    {
        var random = new Random(seed);
        string Word(int length) => new(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
        string Pick(string[] values) => values[random.Next(values.Length)];
        var field = Pick(KnownFields);
        var entries = Enumerable.Range(0, random.Next(1, 4)).Select(i => MatrixText.Entry($"-cpu-{Word(4)}{i}")).ToList();
        var at = random.Next(entries.Count);
        var suffix = $"-cpu-hostile{seed}";

        (string Yaml, string Attack) Linux(params (string Field, string? Value)[] overrides)
        {
            entries.Insert(at, MatrixText.Entry(suffix, overrides));
            return ("linux:\n" + string.Concat(entries), string.Join(", ", overrides.Select(o => $"{o.Field}={o.Value}")));
        }

        switch (random.Next(12))
        {
            case 0: // a control character inside a value, through an escaped YAML string
                return Linux((field, $"\"{Word(3)}{Pick(ControlCharacters)}{Word(3)}\""));
            case 1: // a value that would be an option
                return Linux((Pick(["backend", "build-type", "base-image", "runs-on", "lang", "dockerfile", "context", "source-dir"]), $"'-{(random.Next(2) == 0 ? "-" : "")}{Pick(["h", "plan", "push", "force", "skip", Word(5)])}'"));
            case 2: // deep nesting in a value
                var depth = random.Next(MatrixShape.MaxDepth + 1, 20_000);
                return Linux((field, new string('[', depth) + new string(']', depth)));
            case 3: // a field name no matrix key can have
                return Linux(($"{Word(2)}{Pick(["$", "!", " x", "\\", "::", "%"])}{Word(2)}", "v"));
            case 4: // a misspelt or unknown top-level section
                return ("linux:\n" + string.Concat(entries) + Pick(["linx", "includedarwin", "Linux", "darwn", Word(6)]) + ":\n  - backend: x\n", "unknown section");
            case 5: // a second document
                return ("linux:\n" + string.Concat(entries) + "---\nlinux: []\n", "second document");
            case 6: // a path leaving the repository
                return Linux((Pick(["dockerfile", "context", "source-dir"]), Pick(["'../x'", "'/etc/passwd'", "'a/../../b'", "'./../..'", "'/'"])));
            case 7: // an over-long value
                return Linux((field == "tag-suffix" ? "note" : field, new string('a', MatrixShape.MaxValueLength + 1 + random.Next(5000))));
            case 8: // a tag-suffix that is no tag fragment
                return Linux(("tag-suffix", Pick([$"'-{Word(3)} {Word(3)}'", $"'-{new string('x', 130)}'", $"'-{Word(3)}:{Word(2)}'", $"'-{Word(2)}/{Word(2)}'"])));
            case 9: // a backend named like an output, in any casing
                var output = Pick(["has-backends", "matrix", "matrix-shards", "run-all", "has-bases", "matrix-7", "bases-matrix", "backends"]);
                return Linux(("backend", random.Next(2) == 0 ? output.ToUpperInvariant() : output));
            case 10: // a field twice
                var entry = MatrixText.Entry(suffix);
                entries.Insert(at, entry + $"    backend: {Word(4)}\n");
                return ("linux:\n" + string.Concat(entries), "duplicate field");
            default: // a version that is no number, or a platform that does not exist
                return random.Next(2) == 0
                    ? Linux(("ubuntu-version", $"'{Word(4)}'"))
                    : Linux(("platforms", $"'linux/{Word(5)}'"));
        }
    }

    public static IEnumerable<object[]> Batches() => Enumerable.Range(0, 6).Select(batch => new object[] { batch });

    [GeneratedRegex(@"^error: (?<path>.+?):(?<line>\d+): ")]
    private static partial Regex ErrorLine();

    [Theory]
    [MemberData(nameof(Batches))]
    public void Every_hostile_matrix_exits_2_with_one_located_error_and_writes_nothing(int batch)
    {
        using var repository = new ScratchRepository();
        var matrix = repository.PathOf("matrix.yaml");
        var githubOutput = repository.PathOf("github-output");
        var summary = repository.PathOf("summary.md");
        var json = repository.PathOf("out.json");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = githubOutput,
            ["GITHUB_STEP_SUMMARY"] = summary,
        };
        var perBatch = Count / 6;
        for (var seed = batch * perBatch; seed < (batch + 1) * perBatch; seed++)
        {
            var (yaml, attack) = Generate(seed);
            File.WriteAllText(matrix, yaml, new UTF8Encoding(false));

            var run = repository.Run(environment, "Derive", "--matrix", matrix, "--base-repo", "r", "--output-json", json);

            var context = $"seed {seed} ({attack}):\n{run.Output}";
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; {context}");
            var lines = run.Output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
            var errors = lines.Where(line => line.StartsWith("error:", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 1, context);
            var located = ErrorLine().Match(errors[0]);
            Assert.True(located.Success && located.Groups["path"].Value == matrix && int.Parse(located.Groups["line"].Value) >= 1, context);
            Assert.True(lines.All(line => !line.TrimStart().StartsWith("::", StringComparison.Ordinal)
                                          || line.StartsWith("::error::", StringComparison.Ordinal) || line.StartsWith("::group::", StringComparison.Ordinal)
                                          || line == "::endgroup::"), context);
            Assert.True(!File.Exists(json) && !File.Exists(githubOutput), context);
            // The engine's run table may reach the step summary; the derivation's own summary must not.
            Assert.True(!File.Exists(summary) || !File.ReadAllText(summary).Contains("### Derived", StringComparison.Ordinal), context);
            Assert.Empty(Directory.EnumerateFiles(repository.Root, "*.tmp", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void The_generator_covers_every_kind_of_attack()
    {
        var attacks = Enumerable.Range(0, Count).Select(seed => new Random(seed).Next(12)).Distinct().Count();
        Assert.Equal(12, attacks);
    }
}
