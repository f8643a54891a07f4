using Strata.GitHub;
using Strata.Matrix;
using Strata.Matrix.Changes;
using Strata.Tests.Matrix.Changes;

namespace Strata.Tests.Matrix;

public class DerivationTests
{
    static readonly IReadOnlySet<string> AllLangs = new HashSet<string> { "python", "golang", "cpp", "rust" };

    static DerivedPlan Derive(string yaml, IReadOnlyList<string>? changed = null, int? pr = null, IReadOnlySet<string>? langs = null,
        ChangeRules? rules = null) =>
        Derivation.Derive(MatrixText.Load(yaml), new DeriveOptions
        {
            LangsWithBase = langs ?? AllLangs,
            BaseRepo = "reg/cache",
            PullRequest = pr,
            ChangedFiles = changed,
            Rules = rules ?? Fixtures.SeedRules,
        });

    static string E(string suffix, params (string, string?)[] fields) => MatrixText.Entry(suffix, fields);

    [Fact]
    public void One_base_per_stem_with_the_union_of_platforms_and_an_arm_runner_only_for_arm_only_bases()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a", ("platforms", "linux/arm64"))
            + E("-cpu-b", ("platforms", "linux/amd64"))
            + E("-l4t-c", ("build-type", "l4t"), ("cuda-major-version", "'12'"), ("cuda-minor-version", "'0'"),
                ("platforms", "linux/arm64"), ("skip-drivers", "'true'"), ("ubuntu-version", null)));

        Assert.Equal(["python-cpu-2404", "python-l4t-2404-cuda12.0"], plan.Bases.Select(b => b.TagStem));
        var cpu = plan.Bases[0];
        Assert.Equal(["linux/amd64", "linux/arm64"], cpu.Platforms);
        Assert.Equal("linux/amd64,linux/arm64", cpu.PlatformList);
        Assert.Equal("ubuntu-latest", RunnerPolicy.RunsOn(cpu.Platforms));
        Assert.Equal(["-cpu-a", "-cpu-b"], cpu.Consumers.Select(c => c.TagSuffix));
        var l4t = plan.Bases[1];
        Assert.Equal(("ubuntu-24.04-arm", "true", "2404", "12", "0", "l4t", "python"),
            (RunnerPolicy.RunsOn(l4t.Platforms), l4t.SkipDrivers, l4t.UbuntuVersion, l4t.CudaMajorVersion, l4t.CudaMinorVersion, l4t.BuildType, l4t.Lang));
    }

    [Fact]
    public void Skip_drivers_only_counts_for_driver_build_types()
    {
        var plan = Derive("linux:\n"
            + E("-intel-a", ("build-type", "intel"), ("skip-drivers", "'true'"))
            + E("-intel-b", ("build-type", "intel"), ("skip-drivers", "'false'")));

        var flavour = Assert.Single(plan.Bases);
        Assert.Equal("false", flavour.SkipDrivers);
    }

    [Fact]
    public void Consumers_of_one_stem_that_disagree_on_skip_drivers_fail_naming_stem_field_values_and_both_entries()
    {
        var error = Assert.Throws<MatrixException>(() => Derive("linux:\n"
            + E("-vulkan-a", ("build-type", "vulkan"), ("skip-drivers", "'true'"))
            + E("-vulkan-b", ("build-type", "vulkan"), ("skip-drivers", "'false'"))));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(15, problem.Line);
        Assert.Equal("entry '-vulkan-b'", problem.Subject);
        Assert.Contains("tag-stem collision for python-vulkan-2404: skip-drivers differs (\"true\" for -vulkan-a at line 2 vs \"false\" for -vulkan-b)", problem.Message);
    }

    [Fact]
    public void Consumers_of_one_stem_that_disagree_on_base_image_fail()
    {
        var error = Assert.Throws<MatrixException>(() => Derive("linux:\n"
            + E("-cpu-a", ("base-image", "one/img:1"))
            + E("-cpu-b", ("base-image", "two/img:1"))));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("tag-stem collision for python-cpu-2404-img-1: base-image differs (\"one/img:1\" for -cpu-a at line 2 vs \"two/img:1\" for -cpu-b)", problem.Message);
    }

    [Fact]
    public void Entries_of_langs_with_a_base_get_the_prebuilt_ref_with_the_pull_request_suffix()
    {
        var yaml = "linux:\n" + E("-cpu-a") + E("-cpu-ds", ("dockerfile", "./backend/Dockerfile.ds4"));

        var push = Derive(yaml);
        var pr = Derive(yaml, pr: 42);

        Assert.Equal(["reg/cache:base-image-python-cpu-2404", null], push.Backends.Select(b => b.BaseImagePrebuilt));
        Assert.Equal(["reg/cache:base-image-python-cpu-2404-pr42", null], pr.Backends.Select(b => b.BaseImagePrebuilt));
        Assert.Equal("base-image-prebuilt", push.Backends[0].OutputFields[^1].Key);
        Assert.DoesNotContain(push.Backends[1].OutputFields, f => f.Key == "base-image-prebuilt");
        Assert.Single(push.Bases);
    }

    [Fact]
    public void A_lang_without_a_recipe_gets_no_base()
    {
        var plan = Derive("linux:\n" + E("-cpu-a"), langs: new HashSet<string> { "golang" });

        Assert.Empty(plan.Bases);
        Assert.Null(plan.Backends[0].BaseImagePrebuilt);
    }

    [Fact]
    public void A_push_selects_everything_and_raises_every_flag()
    {
        var plan = Derive("linux:\n" + E("-cpu-a") + E("-cpu-b") + "darwin:\n  - backend: m\n    tag-suffix: -metal-m\n");

        Assert.True(plan.RunAll);
        Assert.Equal(2, plan.Backends.Count);
        Assert.Single(plan.Darwin);
        Assert.Equal([("a", true), ("b", true), ("m", true)], plan.Flags.Select(f => (f.Backend, f.Changed)));
    }

    [Fact]
    public void A_pull_request_selects_entries_whose_source_dir_changed()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a") + E("-gpu-a", ("build-type", "vulkan"))
            + E("-cpu-g", ("dockerfile", "./backend/Dockerfile.golang"))
            + E("-cpu-r", ("dockerfile", "./backend/Dockerfile.rust"))
            + E("-cpu-llama", ("dockerfile", "./backend/Dockerfile.llama-cpp"), ("backend", "llama-cpp"))
            + E("-cpu-tq", ("dockerfile", "./backend/Dockerfile.turboquant"), ("backend", "turboquant")),
            changed: ["./backend/python/a/x.py", "backend/rust/r/src/main.rs", "backend/go/g-other/x.go", "backend/cpp/llama-cpp/Makefile"], pr: 1);

        Assert.False(plan.RunAll);
        Assert.Equal(["-cpu-a", "-gpu-a", "-cpu-r", "-cpu-llama"], plan.Backends.Select(b => b.Entry.TagSuffix));
        Assert.Equal(["python-cpu-2404", "python-vulkan-2404", "rust-cpu-2404", "cpp-cpu-2404"], plan.Bases.Select(b => b.TagStem));
        Assert.Equal([("a", true), ("g", false), ("r", true), ("llama-cpp", true), ("turboquant", true)],
            plan.Flags.Select(f => (f.Backend, f.Changed)));
    }

    [Fact]
    public void The_bases_of_a_pull_request_cover_only_the_selected_consumers()
    {
        var plan = Derive("linux:\n" + E("-cpu-a", ("platforms", "linux/arm64")) + E("-cpu-b"),
            changed: ["backend/python/b/x.py"], pr: 1);

        var flavour = Assert.Single(plan.Bases);
        Assert.Equal(["linux/amd64"], flavour.Platforms);
        Assert.Equal(["-cpu-b"], flavour.Consumers.Select(c => c.TagSuffix));
    }

    [Fact]
    public void A_changed_recipe_adds_one_canary_per_stem_of_its_lang()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a") + E("-cpu-b") + E("-gpu-a", ("build-type", "vulkan"))
            + E("-cpu-g", ("dockerfile", "./backend/Dockerfile.golang")),
            changed: [".docker/bases/Dockerfile.python"], pr: 1);

        Assert.Equal(["-cpu-a", "-gpu-a"], plan.Backends.Select(b => b.Entry.TagSuffix));
        Assert.All(plan.Flags, f => Assert.False(f.Changed));
    }

    [Fact]
    public void A_changed_cpp_recipe_canaries_the_whole_cpp_trio_by_stem()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-tq", ("dockerfile", "./backend/Dockerfile.turboquant"), ("backend", "turboquant"))
            + E("-cpu-llama", ("dockerfile", "./backend/Dockerfile.llama-cpp"), ("backend", "llama-cpp"))
            + E("-gpu-ik", ("dockerfile", "./backend/Dockerfile.ik-llama-cpp"), ("backend", "ik-llama-cpp"), ("build-type", "vulkan")),
            changed: [".docker/bases/Dockerfile.cpp"], pr: 1);

        Assert.Equal(["-cpu-tq", "-gpu-ik"], plan.Backends.Select(b => b.Entry.TagSuffix));
    }

    [Theory]
    [InlineData("build/Matrix/Derivation.cs")]
    [InlineData("build/Images/InputsHash.cs")]
    [InlineData(".docker/bases/apt-install.sh")]
    [InlineData(".github/workflows/bases.yml")]
    public void Changed_base_scaffolding_of_this_repository_adds_canaries_for_every_lang(string file)
    {
        var plan = Derive("linux:\n"
            + E("-cpu-a") + E("-cpu-b")
            + E("-cpu-g", ("dockerfile", "./backend/Dockerfile.golang"))
            + E("-cpu-ds", ("dockerfile", "./backend/Dockerfile.ds4")),
            changed: [file], pr: 1, rules: RepositoryRules.Load());

        Assert.Equal(["-cpu-a", "-cpu-g"], plan.Backends.Select(b => b.Entry.TagSuffix));
    }

    [Fact]
    public void Darwin_entries_build_when_their_lang_or_python_dir_changed()
    {
        var plan = Derive("linux:\n" + E("-cpu-a") + """
            darwin:
              - backend: whisper
                tag-suffix: -metal-whisper
                lang: go
              - backend: mlx
                tag-suffix: -metal-mlx
              - backend: diffusers
                tag-suffix: -metal-diffusers
            """, changed: ["backend/go/whisper/main.go", "backend/python/mlx/backend.py"], pr: 1);

        Assert.Equal(["-metal-whisper", "-metal-mlx"], plan.Darwin.Select(d => d.TagSuffix));
        Assert.Empty(plan.Backends);
        Assert.Equal([("a", false), ("whisper", true), ("mlx", true), ("diffusers", false)], plan.Flags.Select(f => (f.Backend, f.Changed)));
        Assert.Equal("backend/go/whisper/", plan.Flags[1].SourceDir);
    }

    [Fact]
    public void A_kind_without_a_source_rule_is_never_selected_and_flags_only_through_darwin()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-ds4", ("dockerfile", "./backend/Dockerfile.ds4"), ("backend", "ds4"))
            + E("-cpu-bonsai", ("dockerfile", "./backend/Dockerfile.bonsai"), ("backend", "bonsai"))
            + "darwin:\n  - backend: ds4\n    tag-suffix: -metal-ds4\n    lang: go\n",
            changed: ["backend/cpp/ds4/x.cpp", "backend/cpp/bonsai/x.cpp", "backend/go/ds4/x.go"], pr: 1);

        Assert.Empty(plan.Backends);
        Assert.Equal([("ds4", "backend/go/ds4/", true)], plan.Flags.Select(f => (f.Backend, f.SourceDir, f.Changed)));
    }

    [Fact]
    public void The_source_dir_extension_gives_any_entry_a_source_dir()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-ds4", ("dockerfile", "./backend/Dockerfile.ds4"), ("backend", "ds4"), ("source-dir", "./backend/cpp/ds4"))
            + E("-cpu-x", ("source-dir", "backend/shared/x/")),
            changed: ["backend/cpp/ds4/main.cpp"], pr: 1);

        Assert.Equal(["-cpu-ds4"], plan.Backends.Select(b => b.Entry.TagSuffix));
        Assert.Equal([("ds4", "backend/cpp/ds4/", true), ("x", "backend/shared/x/", false)], plan.Flags.Select(f => (f.Backend, f.SourceDir, f.Changed)));
    }

    [Fact]
    public void Turboquant_is_flagged_by_llama_cpp_changes_but_not_rebuilt_by_them()
    {
        var plan = Derive("linux:\n"
            + E("-cpu-tq", ("dockerfile", "./backend/Dockerfile.turboquant"), ("backend", "turboquant")),
            changed: ["backend/cpp/llama-cpp/grpc-server.cpp"], pr: 1);

        Assert.Empty(plan.Backends);
        Assert.True(Assert.Single(plan.Flags).Changed);
    }

    [Fact]
    public void A_file_merely_sharing_a_prefix_with_a_source_dir_does_not_select_it()
    {
        var plan = Derive("linux:\n" + E("-cpu-a"), changed: ["backend/python/ab/x.py", "backend/python/a"], pr: 1);

        Assert.Empty(plan.Backends);
    }
}
