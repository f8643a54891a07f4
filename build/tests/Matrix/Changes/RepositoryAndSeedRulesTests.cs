using Strata.Matrix;
using Strata.Matrix.Changes;

namespace Strata.Tests.Matrix.Changes;

/// <summary>
/// The facts the issue measured: under the seed's rules a change to LocalAI's shared scripts canaries all 29 bases and
/// a workflow change none; under this repository's rules a workflow or image-code change canaries every base, and
/// the recipe rule follows --bases-dir.
/// </summary>
public class RepositoryAndSeedRulesTests
{
    static DerivedPlan Seed(string file) => Derivation.Derive(Fixtures.Pr9672, new DeriveOptions
    {
        LangsWithBase = Fixtures.Pr9672Langs, BaseRepo = "r", PullRequest = 1, ChangedFiles = [file], Rules = Fixtures.SeedRules,
    });

    [Theory]
    [InlineData(".docker/apt-mirror.sh", 29)]
    [InlineData("scripts/changed-backends.js", 29)]
    [InlineData(".github/workflows/backend.yml", 0)]
    [InlineData(".docker/bases/Dockerfile.rust", 1)]
    public void Seed_rules_canary_as_the_seed_did(string file, int bases)
    {
        var plan = Seed(file);

        Assert.Equal(bases, plan.Bases.Count);
        Assert.Equal(bases, plan.Backends.Count);
    }

    static DerivedPlan Repository(string file, string basesDir = ".docker/bases") =>
        Derivation.Derive(MatrixFile.Load(Path.Combine(GitHub.Workflows.RepoPaths.Root, ".github", "backend-matrix.yaml")), new DeriveOptions
        {
            LangsWithBase = new HashSet<string> { "python", "golang", "cpp", "rust" },
            BaseRepo = "r",
            PullRequest = 1,
            ChangedFiles = [file],
            Rules = ChangeRulesFile.Load(RepositoryRules.File, basesDir),
        });

    [Theory]
    [InlineData(".github/workflows/backend.yml")]
    [InlineData("build/Images/ImageSpecs.cs")]
    [InlineData(".docker/bases/install-os.sh")]
    [InlineData(".github/backend-rules.yaml")]
    public void Repository_rules_canary_every_base_for_shared_build_inputs(string file)
    {
        var all = Derivation.Derive(MatrixFile.Load(Path.Combine(GitHub.Workflows.RepoPaths.Root, ".github", "backend-matrix.yaml")),
            new DeriveOptions { LangsWithBase = new HashSet<string> { "python", "golang", "cpp", "rust" }, BaseRepo = "r", Rules = RepositoryRules.Load() });

        var plan = Repository(file);

        Assert.Equal(all.Bases.Select(b => b.TagStem).Order(), plan.Bases.Select(b => b.TagStem).Order());
        Assert.Equal(all.Bases.Count, plan.Backends.Count);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("build/tests/Matrix/Changes/PathPatternTests.cs")]
    [InlineData(".docker/bases/README.md")]
    public void Repository_rules_build_nothing_for_docs_and_tests(string file)
    {
        Assert.Empty(Repository(file).Backends);
    }

    [Fact]
    public void The_recipe_rule_follows_the_bases_dir()
    {
        var moved = Repository("recipes/Dockerfile.golang", basesDir: "recipes");

        Assert.NotEmpty(moved.Backends);
        Assert.All(moved.Backends, backend => Assert.Equal("golang", backend.Lang));
        Assert.Equal(moved.Bases.Count, moved.Backends.Count);
    }

    [Fact]
    public void Repository_cpp_kinds_build_on_the_cpp_base()
    {
        var plan = Repository("backend/cpp/turboquant/main.cpp");

        Assert.NotEmpty(plan.Backends);
        Assert.All(plan.Backends, backend => Assert.Equal(("turboquant", "cpp"), (backend.Entry.Backend, backend.Lang)));
    }
}
