using Strata.GitHub;
using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.Tests.GitHub.ChangedFiles;

/// <summary>
/// The matrix-edit rule on a two-revision git repository: the previous matrix comes from the merge base (a pull
/// request) or the before commit (a push); entries are keyed by (tag-suffix, platform-tag) and compared field by field.
/// </summary>
public sealed class MatrixEditGitTests : IDisposable
{
    const string MatrixPath = ".github/backend-matrix.yaml";
    const string RulesYaml = "rules:\n  - builtin: source-dirs\n  - builtin: matrix-edit\n";
    readonly ScratchGitRepository repository = new();
    static readonly ChangeRules Rules = ChangeRulesFile.Parse(RulesYaml, "rules.yaml", ".docker/bases");

    public void Dispose() => repository.Dispose();

    const string Base = """
        include:
          - backend: a
            tag-suffix: -cpu-a
            dockerfile: ./backend/Dockerfile.python
            platforms: linux/amd64
            platform-tag: amd64
            base-image: ubuntu:24.04
          - backend: a
            tag-suffix: -cpu-a
            dockerfile: ./backend/Dockerfile.python
            platforms: linux/arm64
            platform-tag: arm64
            base-image: ubuntu:24.04
          - backend: b
            tag-suffix: -cpu-b
            dockerfile: ./backend/Dockerfile.golang
            platforms: linux/amd64
            base-image: ubuntu:24.04
        includeDarwin:
          - backend: m
            tag-suffix: -metal-m
            lang: go
        """;

    /// <summary>Commits <see cref="Base"/> on main, then <paramref name="edited"/> on a branch; returns the selected (tag-suffix, platform-tag) pairs.</summary>
    async Task<(List<string> Linux, List<string> Darwin, DerivedPlan Plan)> SelectAfterEdit(string edited, bool push = false)
    {
        await repository.Git("init", "-q", "-b", "main");
        repository.Write(MatrixPath, Base);
        var before = await repository.Commit("base");
        await repository.Git("checkout", "-qb", "feature");
        repository.Write(MatrixPath, edited);
        var after = await repository.Commit("edit the matrix");

        IChangedFilesSource source = push ? new GitCommitRange(before, after, repository.Root) : new GitChangedFiles("main", repository.Root);
        var detected = await ChangeDetection.DetectAsync(new EventScope(source, null), MatrixPath, Rules);
        var plan = Derivation.Derive(MatrixFile.Load(Path.Combine(repository.Root, MatrixPath)), new DeriveOptions
        {
            LangsWithBase = new HashSet<string> { "python", "golang" },
            BaseRepo = "r",
            PullRequest = 1,
            ChangedFiles = detected.Files,
            Rules = Rules,
            Changes = detected.Context,
        });
        Assert.Empty(detected.Warnings);
        return (plan.Backends.Select(b => b.Entry.TagSuffix + "/" + b.Entry.Get("platform-tag")).ToList(),
            plan.Darwin.Select(e => e.TagSuffix).ToList(), plan);
    }

    [Fact]
    public async Task Reordering_and_reindenting_entries_and_fields_selects_nothing()
    {
        var (linux, darwin, plan) = await SelectAfterEdit("""
            includeDarwin:
                -   lang: "go"
                    tag-suffix: '-metal-m'
                    backend: m
            include:
                -   tag-suffix: "-cpu-b"
                    backend: 'b'
                    base-image: "ubuntu:24.04"
                    platforms: linux/amd64
                    dockerfile: ./backend/Dockerfile.golang
                -   platform-tag: arm64
                    platforms: linux/arm64
                    backend: a
                    tag-suffix: -cpu-a
                    dockerfile: ./backend/Dockerfile.python
                    base-image: ubuntu:24.04
                -   backend: a
                    base-image: ubuntu:24.04
                    platform-tag: amd64
                    platforms: linux/amd64
                    tag-suffix: -cpu-a
                    dockerfile: ./backend/Dockerfile.python
            """);

        Assert.Empty(linux);
        Assert.Empty(darwin);
        var firing = Assert.Single(plan.Selection.Firings);
        Assert.Equal((BuiltinRule.MatrixEdit, 1, 0, 0), (firing.Rule.Builtin, firing.Files, firing.LinuxEntries, firing.DarwinEntries));
    }

    [Fact]
    public async Task One_changed_field_selects_that_entry_only()
    {
        var (linux, darwin, _) = await SelectAfterEdit(Base.Replace("""
                dockerfile: ./backend/Dockerfile.golang
                platforms: linux/amd64
                base-image: ubuntu:24.04
            """, """
                dockerfile: ./backend/Dockerfile.golang
                platforms: linux/amd64
                base-image: ubuntu:22.04
            """));

        Assert.Equal(["-cpu-b/"], linux);
        Assert.Empty(darwin);
    }

    [Fact]
    public async Task A_change_to_one_leg_selects_that_leg_only()
    {
        var (linux, _, _) = await SelectAfterEdit(ReplaceOnce(Base, "platform-tag: arm64\n", "platform-tag: arm64\n    runs-on: ubuntu-24.04-arm\n"));

        Assert.Equal(["-cpu-a/arm64"], linux);
    }

    [Fact]
    public async Task A_change_to_both_legs_selects_both()
    {
        var (linux, _, _) = await SelectAfterEdit(Base
            .Replace("platform-tag: arm64\n    base-image: ubuntu:24.04", "platform-tag: arm64\n    base-image: ubuntu:22.04")
            .Replace("platform-tag: amd64\n    base-image: ubuntu:24.04", "platform-tag: amd64\n    base-image: ubuntu:22.04"));

        Assert.Equal(["-cpu-a/amd64", "-cpu-a/arm64"], linux);
    }

    [Fact]
    public async Task On_a_push_the_before_commit_is_the_previous_matrix_and_new_entries_build_removed_ones_do_not()
    {
        var edited = Base
            .Replace("  - backend: b\n    tag-suffix: -cpu-b\n    dockerfile: ./backend/Dockerfile.golang\n    platforms: linux/amd64\n    base-image: ubuntu:24.04\n", "")
            .Replace("includeDarwin:\n", "  - backend: c\n    tag-suffix: -cpu-c\n    dockerfile: ./backend/Dockerfile.golang\n    base-image: ubuntu:24.04\nincludeDarwin:\n")
            .Replace("lang: go", "lang: python");

        var (linux, darwin, _) = await SelectAfterEdit(edited, push: true);

        Assert.Equal(["-cpu-c/"], linux);
        Assert.Equal(["-metal-m"], darwin);
    }

    [Fact]
    public async Task A_previous_matrix_that_cannot_be_read_is_an_error_at_the_rule_line()
    {
        await repository.Git("init", "-q", "-b", "main");
        repository.Write(MatrixPath, "include: [\n");
        await repository.Commit("broken");
        await repository.Git("checkout", "-qb", "feature");
        repository.Write(MatrixPath, Base);
        await repository.Commit("fixed");

        var error = await Assert.ThrowsAsync<ChangeRulesException>(() =>
            ChangeDetection.DetectAsync(new EventScope(new GitChangedFiles("main", repository.Root), null), MatrixPath, Rules));

        Assert.StartsWith("rules.yaml:3: the matrix-edit rule cannot read the previous matrix: ", error.Message);
        Assert.Contains("invalid YAML", error.Message);
    }

    [Fact]
    public async Task A_matrix_absent_at_the_base_makes_every_entry_new()
    {
        await repository.Git("init", "-q", "-b", "main");
        repository.Write("README.md", "x");
        await repository.Commit("base");
        await repository.Git("checkout", "-qb", "feature");
        repository.Write(MatrixPath, Base);
        await repository.Commit("add the matrix");

        var detected = await ChangeDetection.DetectAsync(new EventScope(new GitChangedFiles("main", repository.Root), null), MatrixPath, Rules);

        Assert.NotNull(detected.Context.PreviousMatrix);
        Assert.Empty(detected.Context.PreviousMatrix!.Linux);
    }

    static string ReplaceOnce(string text, string old, string replacement)
    {
        var index = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{old}' not in the text");
        Assert.Equal(index, text.LastIndexOf(old, StringComparison.Ordinal));
        return text[..index] + replacement + text[(index + old.Length)..];
    }
}
