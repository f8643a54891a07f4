namespace Strata.Tests.Targets;

public class BuildParameterTests
{
    [Fact]
    public void An_unknown_lang_lists_the_langs_that_have_a_recipe_and_runs_nothing()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBase", "--lang", "java", "--accel", "cpu");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--lang: 'java' has no base recipe", run.Output);
        Assert.Contains("cpp, golang, python, rust", run.Output);
        Assert.DoesNotContain("ConnectDocker", run.Output);
    }

    [Fact]
    public void An_unknown_accelerator_lists_the_valid_values()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBase", "--lang", "python", "--accel", "gpu");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'gpu' is not valid", run.Output);
        Assert.Contains("cpu, cuda, l4t, rocm, intel, sycl_f16, sycl_f32, vulkan", run.Output);
    }

    [Theory]
    [InlineData("cublas", "cuda")]
    [InlineData("hipblas", "rocm")]
    [InlineData("", "cpu")]
    public void Build_type_names_are_accepted_as_accelerators(string buildType, string accelerator)
    {
        Assert.Equal(accelerator, Strata.Engine.Enumeration.Parse<Accelerator>(buildType).Value);
    }

    [Fact]
    public void BackendAll_plans_one_base_per_stem_before_its_consumers()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BackendAll", "--plan", "--platform", "linux/amd64", "--base-image", "strata/bookworm:minbase");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        int Position(string name) => Array.FindIndex(lines, line => line.Contains($". {name}", StringComparison.Ordinal));
        var python = Position("BuildBase[python-cpu-2404-bookworm-minbase]");
        Assert.True(python >= 0, run.Output);
        Assert.Single(lines, line => line.Contains(". BuildBase[python-cpu-2404-bookworm-minbase]", StringComparison.Ordinal));
        Assert.True(Position("BuildBackend[-cpu-echo]") > python);
        Assert.True(Position("BuildBackend[-cpu-wordcount]") > python);
        Assert.Contains("BuildBackend[-cpu-echo]  <- ConnectDocker, BuildBase[python-cpu-2404-bookworm-minbase]", run.Output);
        Assert.DoesNotContain("arm64", run.Output);
    }

    [Fact]
    public void Two_families_naming_the_same_backend_plan_each_build_once()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBackend", "BackendAll", "--backend", "echo", "--plan", "--platform", "linux/amd64");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Single(lines, line => line.Contains(". BuildBase[python-cpu-2404]", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains(". BuildBackend[-cpu-echo]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(". BackendAll  <-", StringComparison.Ordinal) && line.Contains("BuildBackend[-cpu-echo]", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildBase_picks_the_matrix_flavour_and_asks_to_narrow_an_ambiguous_choice()
    {
        using var repository = new ScratchRepository();

        var ambiguous = repository.Run("BuildBase", "--lang", "python", "--accel", "cuda", "--default-cuda", "9.9", "--plan");
        var byDefault = repository.Run("BuildBase", "--lang", "python", "--accel", "cuda", "--plan");
        var narrowed = repository.Run("BuildBase", "--lang", "python", "--accel", "cublas", "--cuda", "13.0", "--plan");
        var jetson = repository.Run("BuildBase", "--lang", "python", "--accel", "l4t", "--plan");

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("python-cublas-2404-cuda12.8, python-cublas-2404-cuda13.0; narrow it with --cuda", ambiguous.Output);
        Assert.Contains(". BuildBase[python-cublas-2404-cuda12.8]", byDefault.Output);
        Assert.Contains(". BuildBase[python-cublas-2404-cuda13.0]", narrowed.Output);
        Assert.Contains(". BuildBase[python-l4t-2204-cuda12.0-jetpack-r36.4.0]", jetson.Output);
    }

    [Fact]
    public void BuildBase_composes_a_flavour_the_matrix_does_not_declare_from_the_defaults()
    {
        using var repository = new ScratchRepository();

        var run = repository.Run("BuildBase", "--lang", "rust", "--accel", "rocm", "--plan");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(". BuildBase[rust-hipblas-2404-rocm-6.4.3]", run.Output);
    }

    [Fact]
    public void The_locale_variable_LANG_does_not_feed_the_lang_parameter_but_an_explicit_variable_does()
    {
        using var repository = new ScratchRepository();

        var locale = repository.Run(new Dictionary<string, string> { ["LANG"] = "C.UTF-8" }, "Derive", "--base-repo", "r");
        var explicitLang = repository.Run(new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["Lang"] = "golang" }, "BuildBase", "--accel", "cpu", "--plan");

        Assert.Equal(0, locale.ExitCode);
        Assert.Equal(0, explicitLang.ExitCode);
        Assert.Contains(". BuildBase[golang-cpu-2404]", explicitLang.Output);
    }
}
