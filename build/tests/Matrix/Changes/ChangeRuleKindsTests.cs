using Strata.Matrix;
using Strata.Matrix.Changes;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Matrix.Changes;

/// <summary>
/// Each kind of rule on LocalAI's 457-entry matrix (localai-2026-08.yaml) through a LocalAI-shaped rules file, with
/// the counts asserted: as numbers, and against the same count taken another way from the matrix.
/// </summary>
public class ChangeRuleKindsTests
{
    static readonly string RulesFile = Path.Combine(RepoPaths.Root, "build", "tests", "Matrix", "Changes", "testdata", "localai-2026-08.rules.yaml");
    static readonly Lazy<ChangeRules> LazyRules = new(() => ChangeRulesFile.Load(RulesFile, ".docker/bases"));
    static ChangeRules Rules => LazyRules.Value;
    static BackendMatrix Matrix => Fixtures.Matrix202608;
    const string MatrixPath = ".github/backend-matrix.yml";

    static DerivedPlan Select(IReadOnlyList<string> files, BackendMatrix? previous = null) =>
        Derivation.Derive(Matrix, new DeriveOptions
        {
            LangsWithBase = Fixtures.Pr9672Langs,
            BaseRepo = "r",
            PullRequest = 1,
            ChangedFiles = files,
            Rules = Rules,
            Changes = new ChangeContext { MatrixPath = MatrixPath, PreviousMatrix = previous },
        });

    static DerivedPlan Push() => Derivation.Derive(Matrix, new DeriveOptions
    {
        LangsWithBase = Fixtures.Pr9672Langs, BaseRepo = "r", Rules = Rules,
    });

    static int Linux(Func<BackendEntry, bool> predicate) => Matrix.Linux.Count(predicate);
    static int Darwin(Func<BackendEntry, bool> predicate) => Matrix.Darwin.Count(predicate);
    static string Kind(BackendEntry entry) => Langs.KindOf(entry.Dockerfile)!;

    static RuleFiring Fired(DerivedPlan plan, int line) =>
        Assert.Single(plan.Selection.Firings, firing => firing.Rule.Line == line);

    static int LineOf(string text) =>
        File.ReadAllLines(RulesFile).Select((content, index) => (content, index)).First(pair => pair.content.Contains(text)).index + 1;

    static int LineEndingWith(string text) =>
        File.ReadAllLines(RulesFile).ToList().FindIndex(content => content.EndsWith(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void The_fixture_has_the_shape_the_counts_below_rely_on()
    {
        Assert.Equal((457, 62), (Matrix.Linux.Count, Matrix.Darwin.Count));
    }

    [Fact]
    public void Source_dirs_select_the_backend_whose_sources_changed_on_both_sections_and_raise_its_flag()
    {
        var plan = Select(["backend/python/vllm/backend.py"]);

        Assert.Equal(6, plan.Backends.Count);
        Assert.Equal(Linux(e => e.Backend == "vllm"), plan.Backends.Count);
        Assert.All(plan.Backends, backend => Assert.Equal("vllm", backend.Entry.Backend));
        Assert.Equal(["vllm"], plan.Darwin.Select(e => e.Backend));
        Assert.Equal(["vllm"], plan.Flags.Where(flag => flag.Changed).Select(flag => flag.Backend));
        var firing = Fired(plan, LineOf("builtin: source-dirs"));
        Assert.Equal((1, 6, 1), (firing.Files, firing.LinuxEntries, firing.DarwinEntries));
    }

    [Fact]
    public void A_followed_dir_selects_the_forks_that_wrap_it_and_a_darwin_mapping_finds_the_cpp_sources()
    {
        var plan = Select(["backend/cpp/llama-cpp/grpc-server.cpp"]);

        Assert.Equal(11 + 10 + 11, plan.Backends.Count);
        Assert.Equal(Linux(e => e.Backend is "llama-cpp" or "turboquant" or "bonsai"), plan.Backends.Count);
        Assert.Equal(["llama-cpp"], plan.Darwin.Select(e => e.Backend));
        Assert.Equal(["bonsai", "llama-cpp", "turboquant"], plan.Flags.Where(f => f.Changed).Select(f => f.Backend).Order());
    }

    [Fact]
    public void A_consumer_dockerfile_selects_exactly_the_entries_built_from_it()
    {
        var plan = Select(["backend/Dockerfile.golang"]);

        Assert.Equal(233, plan.Backends.Count);
        Assert.Equal(Linux(e => Kind(e) == "golang"), plan.Backends.Count);
        Assert.Empty(plan.Darwin);
        Assert.DoesNotContain(plan.Flags, f => f.Changed);
        Assert.Equal((1, 233, 0), (Fired(plan, LineOf("builtin: dockerfile-kind")) is var f ? (f.Files, f.LinuxEntries, f.DarwinEntries) : default));
    }

    [Fact]
    public void All_selects_every_entry_of_both_sections()
    {
        var plan = Select(["backend/backend.proto"]);

        Assert.Equal((457, 62), (plan.Backends.Count, plan.Darwin.Count));
    }

    [Fact]
    public void Langs_select_the_entries_on_that_base_lang_and_darwin_entries_of_that_lang_or_the_default()
    {
        var plan = Select(["backend/python/common/libbackend.sh"]);

        Assert.Equal(178, plan.Backends.Count);
        Assert.Equal(Linux(e => Kind(e) == "python"), plan.Backends.Count);
        Assert.Equal(27, plan.Darwin.Count);
        Assert.Equal(Darwin(e => e.Lang.Length == 0), plan.Darwin.Count);
    }

    [Fact]
    public void Langs_reach_kinds_mapped_to_that_base_lang()
    {
        var rules = Rules with
        {
            Rules = [new ChangeRule(1, null, [PathPattern.TryCreate("x", "", out _)!],
                EntrySelector.Nothing with { Langs = new HashSet<string> { "cpp" } }, EntrySelector.Nothing)],
        };
        var plan = Derivation.Derive(Matrix, new DeriveOptions
        {
            LangsWithBase = Fixtures.Pr9672Langs, BaseRepo = "r", ChangedFiles = ["x"], Rules = rules,
        });

        Assert.Equal(11 + 1 + 10, plan.Backends.Count);
        Assert.Equal(Linux(e => Kind(e) is "llama-cpp" or "ik-llama-cpp" or "turboquant"), plan.Backends.Count);
    }

    [Fact]
    public void Kinds_select_by_dockerfile_kind_and_darwin_by_lang()
    {
        var plan = Select(["pkg/grpc/server.go", "pkg/utils/path.go"]);

        Assert.Equal(233, plan.Backends.Count);
        Assert.All(plan.Backends, backend => Assert.Equal("golang", Kind(backend.Entry)));
        Assert.Equal(35, plan.Darwin.Count);
        Assert.Equal(Darwin(e => e.Lang == "go"), plan.Darwin.Count);
        Assert.Equal(2, Fired(plan, LineOf("[pkg/grpc/, pkg/utils/]")).Files);
    }

    [Fact]
    public void Backends_select_by_name_on_the_section_the_rule_names()
    {
        var plan = Select(["scripts/build/llama-cpp-darwin.sh"]);

        Assert.Empty(plan.Backends);
        Assert.Equal(["llama-cpp"], plan.Darwin.Select(e => e.Backend));
    }

    [Fact]
    public void Canaries_of_a_recipe_lang_are_one_entry_per_base_stem_of_that_lang()
    {
        var plan = Select([".docker/bases/Dockerfile.cpp"]);

        var cppStems = Push().Bases.Where(b => b.Lang == "cpp").Select(b => b.TagStem).ToList();
        Assert.Equal(cppStems.Count, plan.Backends.Count);
        Assert.Equal(cppStems.Order(), plan.Backends.Select(b => b.TagStem!).Order());
        Assert.Equal(cppStems, plan.Bases.Select(b => b.TagStem));
        Assert.Empty(plan.Darwin);
        Assert.DoesNotContain(plan.Flags, f => f.Changed);
    }

    [Fact]
    public void Canaries_of_all_langs_build_every_base_once()
    {
        var plan = Select([".docker/apt-mirror.sh", "scripts/changed-backends.js"]);

        var stems = Push().Bases.Select(b => b.TagStem).ToList();
        Assert.Equal(stems.Count, plan.Backends.Count);
        Assert.Equal(stems.Count, plan.Bases.Count);
        Assert.Equal(stems.Order(), plan.Backends.Select(b => b.TagStem!).Order());
        Assert.Equal((2, stems.Count, 0), Fired(plan, LineOf("[\".docker/\"")) is var f ? (f.Files, f.LinuxEntries, f.DarwinEntries) : default);
    }

    [Fact]
    public void None_classifies_a_file_and_selects_nothing()
    {
        var plan = Select(["docs/content/index.md"]);

        Assert.Empty(plan.Backends);
        Assert.Empty(plan.Darwin);
        Assert.Equal((1, 0, 0), Fired(plan, LineOf("\"docs/**\"")) is var f ? (f.Files, f.LinuxEntries, f.DarwinEntries) : default);
        Assert.Equal(0, plan.Selection.UnclassifiedFiles);
    }

    [Fact]
    public void The_first_matching_rule_wins_so_an_earlier_narrow_rule_shields_a_file_from_the_catch_all()
    {
        var test = Select(["scripts/build/package-gpu-libs_test.sh"]);
        var script = Select(["scripts/build/package-gpu-libs.sh"]);

        Assert.Equal((0, 0), (test.Backends.Count, test.Darwin.Count));
        Assert.Equal(LineOf("\"**/*_test.sh\""), Assert.Single(test.Selection.Firings).Rule.Line);
        Assert.Equal((457, 62), (script.Backends.Count, script.Darwin.Count));
        Assert.Equal(LineEndingWith("paths: scripts/build/"), Assert.Single(script.Selection.Firings).Rule.Line);
    }

    [Fact]
    public void A_file_no_rule_matches_selects_nothing_and_is_counted()
    {
        var plan = Select(["README.md"]);

        Assert.Empty(plan.Backends);
        Assert.Empty(plan.Selection.Firings);
        Assert.Equal(1, plan.Selection.UnclassifiedFiles);
        Assert.Contains("1 file(s) matched no rule", plan.Selection.Lines().First());
    }

    [Fact]
    public void A_matrix_edit_selects_the_changed_entry_only()
    {
        var edited = Matrix.Linux.First(e => e.Backend == "vllm");
        var previous = Matrix with
        {
            Linux = Matrix.Linux.Select(e => ReferenceEquals(e, edited) ? WithField(e, "base-image", "ubuntu:22.04") : e).ToList(),
        };

        var plan = Select([MatrixPath], previous);

        Assert.Equal([edited.TagSuffix], plan.Backends.Select(b => b.Entry.TagSuffix));
        Assert.Empty(plan.Darwin);
    }

    [Fact]
    public void A_matrix_edit_without_the_previous_matrix_selects_everything_and_says_why()
    {
        var plan = Select([MatrixPath], previous: null);

        Assert.Equal((457, 62), (plan.Backends.Count, plan.Darwin.Count));
        Assert.Contains("previous matrix unavailable", Fired(plan, LineOf("builtin: matrix-edit")).Note);
    }

    [Fact]
    public void The_report_has_one_line_per_fired_rule_with_its_counts()
    {
        var plan = Select(["backend/python/vllm/backend.py", "backend/Dockerfile.golang", "docs/a.md", "README.md"]);

        var lines = plan.Selection.Lines().ToList();
        Assert.Equal("Selected by change rules from 4 changed file(s); 1 file(s) matched no rule and select nothing", lines[0]);
        Assert.Equal(
        [
            $"  {RulesFile}:{LineOf("builtin: source-dirs")} source-dirs: 1 file(s) → 6 linux, 1 darwin entries",
            $"  {RulesFile}:{LineOf("builtin: dockerfile-kind")} dockerfile-kind: 1 file(s) → 233 linux, 0 darwin entries",
            $"  {RulesFile}:{LineOf("\"docs/**\"")} docs/**: 1 file(s) → 0 linux, 0 darwin entries",
        ], lines.Skip(1));
        Assert.Equal(6 + 233, plan.Backends.Count);
    }

    static BackendEntry WithField(BackendEntry entry, string name, string value) =>
        new(entry.FilePath, entry.Section, entry.Index, entry.Line,
            entry.Fields.Select(field => field.Name == name ? field with { Value = value } : field).ToList());
}
