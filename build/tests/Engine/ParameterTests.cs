#pragma warning disable CS0649 // parameters are set by injection
using Strata.Engine;

namespace Strata.Tests.Engine;

public enum Ubuntu { Jammy, NobleNumbat }

public sealed class Accel : Enumeration
{
    public static readonly Accel Cpu = new("cpu");
    public static readonly Accel Cuda = new("cuda", "nvidia");
    public static readonly Accel Rocm = new("rocm", "hipblas");
    Accel(string value, params string[] aliases) : base(value, aliases) { }
}

public class ParameterTests
{
    class Parameterized : RecordingBuild
    {
        [Parameter("Registry repository for base images")] public string? BaseRepo;
        [Parameter("Push images")] public bool Push;
        [Parameter("Jobs")] public int Jobs = 1;
        [Parameter("CUDA major")] public int? CudaMajor;
        [Parameter("Languages")] public string[] Langs = [];
        [Parameter("Ports")] public int[] Ports = [];
        [Parameter("Ubuntu release")] public Ubuntu Release = Ubuntu.Jammy;
        [Parameter("Accelerator")] public Accel Accelerator = Accel.Cpu;
        [Parameter("Read only")] readonly string readOnlyValue = "initial";
        [Parameter("Private property")] string Hidden { get; } = "initial";
        [Parameter("Renamed", Name = "Channel")] public string? ReleaseChannel;
        public string? Initialized;
        public string ReadOnlyValue => readOnlyValue;
        public string HiddenValue => Hidden;

        protected override void OnBuildInitialized() => Initialized = BaseRepo;

        public Target Show => _ => _.Executes(() => Record(nameof(Show)));
        public Target NeedsRepo => _ => _.Requires(() => BaseRepo).Executes(() => Record(nameof(NeedsRepo)));
        public Target NeedsJobs => _ => _.Requires(() => Jobs > 2).Executes(() => Record(nameof(NeedsJobs)));
        public Target NeedsChannel => _ => _.Requires(() => ReleaseChannel).Executes(() => Record(nameof(NeedsChannel)));
        public Target NeedsLangs => _ => _.Requires(() => Langs).Executes(() => Record(nameof(NeedsLangs)));
        public Target Chain => _ => _.DependsOn(NeedsRepo).Executes(() => Record(nameof(Chain)));
    }

    static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Command_line_sets_every_supported_type()
    {
        var build = new Parameterized();
        var result = Harness.Run(build, "Show", "--base-repo", "ghcr.io/x", "--push", "--jobs", "4", "--cuda-major", "12",
            "--langs", "python", "go", "--ports", "1", "2", "--release", "noble-numbat", "--accelerator", "NVIDIA",
            "--read-only-value", "set", "--hidden", "set", "--channel", "beta");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ghcr.io/x", build.BaseRepo);
        Assert.True(build.Push);
        Assert.Equal(4, build.Jobs);
        Assert.Equal(12, build.CudaMajor);
        Assert.Equal(["python", "go"], build.Langs);
        Assert.Equal([1, 2], build.Ports);
        Assert.Equal(Ubuntu.NobleNumbat, build.Release);
        Assert.Same(Accel.Cuda, build.Accelerator);
        Assert.Equal("set", build.ReadOnlyValue);
        Assert.Equal("set", build.HiddenValue);
        Assert.Equal("beta", build.ReleaseChannel);
    }

    [Fact]
    public void Values_are_injected_before_OnBuildInitialized()
    {
        var build = new Parameterized();
        Harness.Run(build, "Show", "--base-repo", "r");
        Assert.Equal("r", build.Initialized);
    }

    [Theory]
    [InlineData("BASE_REPO")]
    [InlineData("base_repo")]
    [InlineData("BaseRepo")]
    public void Environment_variables_match_in_any_casing_with_underscores(string variable)
    {
        var build = new Parameterized();
        Harness.Run(build, ["Show"], Env((variable, "from-env")));
        Assert.Equal("from-env", build.BaseRepo);
    }

    [Fact]
    public void Environment_arrays_split_on_spaces_and_commas()
    {
        var build = new Parameterized();
        Harness.Run(build, ["Show"], Env(("LANGS", "python, go rust")));
        Assert.Equal(["python", "go", "rust"], build.Langs);
    }

    [Fact]
    public void Precedence_is_command_line_then_environment_then_profile_then_parameters_json()
    {
        using var root = new TempRoot();
        root.Write(".nuke/parameters.json", """{ "BaseRepo": "file", "jobs": 2, "push": true, "langs": ["a", "b"], "channel": "file" }""");
        root.Write(".nuke/parameters.ci.json", """{ "base-repo": "profile", "Jobs": 3, "Channel": "profile" }""");

        var fileOnly = new Parameterized();
        Harness.Run(fileOnly, ["Show"], Env(), root);
        Assert.Equal(("file", 2, true, "file"), (fileOnly.BaseRepo, fileOnly.Jobs, fileOnly.Push, fileOnly.ReleaseChannel));
        Assert.Equal(["a", "b"], fileOnly.Langs);

        var withProfile = new Parameterized();
        Harness.Run(withProfile, ["Show", "--profile", "ci"], Env(), root);
        Assert.Equal(("profile", 3, "profile"), (withProfile.BaseRepo, withProfile.Jobs, withProfile.ReleaseChannel));

        var withEnv = new Parameterized();
        Harness.Run(withEnv, ["Show", "--profile", "ci"], Env(("BASE_REPO", "env"), ("JOBS", "5")), root);
        Assert.Equal(("env", 5, "profile"), (withEnv.BaseRepo, withEnv.Jobs, withEnv.ReleaseChannel));

        var withCli = new Parameterized();
        Harness.Run(withCli, ["Show", "--profile", "ci", "--base-repo", "cli"], Env(("BASE_REPO", "env")), root);
        Assert.Equal(("cli", 3), (withCli.BaseRepo, withCli.Jobs));
    }

    [Fact]
    public void Missing_profile_file_is_an_error()
    {
        var result = Harness.Run(new Parameterized(), "Show", "--profile", "nope");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--profile nope:", result.Output);
        Assert.Contains("parameters.nope.json not found", result.Output);
    }

    [Fact]
    public void Invalid_enumeration_value_lists_valid_values()
    {
        var build = new Parameterized();
        var result = Harness.Run(build, "Show", "--accelerator", "xyz");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --accelerator: 'xyz' is not valid; valid values: cpu, cuda, rocm", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Invalid_enum_value_lists_kebab_values_and_names_the_environment_source()
    {
        var result = Harness.Run(new Parameterized(), ["Show"], Env(("RELEASE", "focal")));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --release (environment variable RELEASE): 'focal' is not valid; valid values: jammy, noble-numbat", result.Output.Trim());
    }

    [Fact]
    public void Invalid_integer_is_an_error()
    {
        var result = Harness.Run(new Parameterized(), "Show", "--jobs", "many");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--jobs: 'many' is not a valid integer", result.Output);
    }

    [Fact]
    public void Unknown_parameter_suggests_the_closest_name()
    {
        var build = new Parameterized();
        var result = Harness.Run(build, "Show", "--base-rpeo", "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown parameter '--base-rpeo'; did you mean --base-repo?", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Malformed_parameters_json_names_path_and_line()
    {
        using var root = new TempRoot();
        var path = root.Write(".nuke/parameters.json", "{\n  \"BaseRepo\": \"x\",\n  \"Jobs\": ,\n}");
        var result = Harness.Run(new Parameterized(), ["Show"], Env(), root);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {path}:3: malformed JSON", result.Output.Trim());
    }

    [Fact]
    public void Unknown_key_in_parameters_json_names_path_and_line()
    {
        using var root = new TempRoot();
        var path = root.Write(".nuke/parameters.json", "{\n  \"$schema\": \"./build.schema.json\",\n  \"BaseRepoo\": \"x\"\n}");
        var result = Harness.Run(new Parameterized(), ["Show"], Env(), root);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}:3: unknown parameter 'BaseRepoo'; did you mean --base-repo?", result.Output.Trim());
    }

    [Fact]
    public void Requires_parameter_names_the_kebab_option_and_runs_nothing()
    {
        var build = new Parameterized();
        var result = Harness.Run(build, "Chain");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: target NeedsRepo requires --base-repo", result.Output.Trim());
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void Requires_accepts_an_empty_array_as_NUKE_does()
    {
        Assert.Equal(0, Harness.Run(new Parameterized(), "NeedsLangs").ExitCode);
        var build = new Parameterized();
        Assert.Equal(0, Harness.Run(build, "NeedsLangs", "--langs", "go").ExitCode);
        Assert.Equal(["NeedsLangs"], build.Ran);
    }

    [Fact]
    public void Requires_condition_shows_its_text()
    {
        var result = Harness.Run(new Parameterized(), "NeedsJobs");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: target NeedsJobs requires Jobs > 2", result.Output.Trim());
        Assert.Equal(0, Harness.Run(new Parameterized(), "NeedsJobs", "--jobs", "3").ExitCode);
    }

    [Fact]
    public void Scalar_parameter_with_two_values_is_an_error()
    {
        var result = Harness.Run(new Parameterized(), "--base-repo", "a", "b");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--base-repo: expects one value but got 2", result.Output);
    }

    [Fact]
    public void Requires_uses_the_parameter_name_from_the_attribute()
    {
        var result = Harness.Run(new Parameterized(), "NeedsChannel");
        Assert.Equal("error: target NeedsChannel requires --channel", result.Output.Trim());
    }

    class Lang : RecordingBuild
    {
        [Parameter("Language")] public string? Language;
        [Parameter("Lang")] public string? LangName = "python";
        [Parameter("Lang", Name = "Lang")] public string? Short;
        public Target Show => _ => _.Executes(() => Record(nameof(Show)));
    }

    [Fact]
    public void Well_known_system_variables_like_LANG_do_not_feed_parameters()
    {
        var build = new Lang();
        Harness.Run(build, ["Show"], Env(("LANG", "C.UTF-8"), ("LANGUAGE", "en")));
        Assert.Null(build.Short);
        Assert.Null(build.Language);

        var exact = new Lang();
        Harness.Run(exact, ["Show"], Env(("Lang", "go")));
        Assert.Equal("go", exact.Short);
    }

    [Fact]
    public void Parameters_json_may_set_Target_and_Skip()
    {
        using var root = new TempRoot();
        root.Write(".nuke/parameters.json", """{ "Target": ["Chain"], "Skip": ["NeedsRepo"], "BaseRepo": "r" }""");
        var build = new Parameterized();
        var result = Harness.Run(build, [], Env(), root);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Chain"], build.Ran);

        var explicitTarget = new Parameterized();
        Harness.Run(explicitTarget, ["Show"], Env(), root);
        Assert.Equal(["Show"], explicitTarget.Ran);
    }

    [Fact]
    public void Bool_accepts_an_explicit_value_and_rejects_others()
    {
        var build = new Parameterized();
        Harness.Run(build, ["Show", "--push", "false"], Env(("PUSH", "true")));
        Assert.False(build.Push);
        var result = Harness.Run(new Parameterized(), "Show", "--push", "maybe");
        Assert.Equal("error: --push: 'maybe' is not valid; valid values: true, false", result.Output.Trim());
    }
}
