#pragma warning disable CS0649 // parameters are set by injection
using System.Text.Json;
using Strata.Engine;

namespace Strata.Tests.Engine;

public interface IDockerComponent : INukeBuild
{
    Target StopRegistry => _ => _.Executes(() => Log.Info("interface stop"));
    [Parameter("Port of the local registry")] int? RegistryPort => TryGetValue(() => RegistryPort);
    Target StartRegistry => _ => _.Description("Start the local registry").Executes(() => Log.Info("registry up"));
}

public class OutputTests
{
    class Documented : NukeBuild, IDockerComponent
    {
        [Parameter("Registry repository")] public string? BaseRepo;
        [Parameter("Accelerator")] public Accel Accelerator = Accel.Cpu;
        [Parameter("Ubuntu release")] public Ubuntu Release = Ubuntu.Jammy;
        [Parameter("Registry token"), Secret] public string? Token = "default-token";
        [Parameter("Password"), Secret] public string? Password;

        public Target Restore => _ => _.Description("Restore packages").Executes(() => { });
        public Target Compile => _ => _.Description("Compile sources").DependsOn(Restore, ((IDockerComponent)this).StartRegistry)
            .Executes(() => Log.Info($"using token {Token} and password {Password}"));
        Target IDockerComponent.StopRegistry => _ => _.Executes(() => Log.Info("class stop"));
        public Target Internal => _ => _.Unlisted().Executes(() => { });
        public Target Broken => _ => _.Executes(() => throw new InvalidOperationException($"bad {Password}"));
        public Target Skipper => _ => _.OnlyWhenStatic(() => IsServerBuild).Executes(() => { });
    }

    static RunResult Run(params string[] args) => Harness.Run(new Documented(), args, new Dictionary<string, string>(), defaults: [b => b.Compile]);

    [Fact]
    public void Help_lists_targets_with_dependencies_descriptions_and_parameters()
    {
        var result = Run("--help");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines();
        Assert.Contains(lines, l => l.StartsWith("  Compile *") && l.EndsWith("Compile sources (depends on: Restore, StartRegistry)"));
        Assert.Contains(lines, l => l.StartsWith("  Restore ") && l.EndsWith("Restore packages"));
        Assert.Contains(lines, l => l.StartsWith("  StartRegistry ") && l.EndsWith("Start the local registry"));
        Assert.DoesNotContain(lines, l => l.Contains("Internal"));
        Assert.Contains(lines, l => l.StartsWith("  --base-repo <string>") && l.EndsWith("Registry repository"));
        Assert.Contains(lines, l => l.StartsWith("  --accelerator <accel>") && l.EndsWith("Accelerator [values: cpu, cuda, rocm] (default: cpu)"));
        Assert.Contains(lines, l => l.StartsWith("  --release <ubuntu>") && l.EndsWith("[values: jammy, noble-numbat] (default: jammy)"));
        Assert.Contains(lines, l => l.StartsWith("  --token <string>") && l.EndsWith("Registry token (default: <secret>)"));
        Assert.DoesNotContain("default-token", result.Output);
        Assert.Contains(lines, l => l.StartsWith("  --parallel <n>"));
    }

    [Fact]
    public void Help_works_even_with_unknown_parameters_and_runs_nothing()
    {
        var result = Run("--help", "--nonsense");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Build succeeded", result.Output);
    }

    [Fact]
    public void Interface_default_targets_are_discovered_and_run()
    {
        var result = Run("Compile");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("registry up", result.Lines());
        Assert.Equal("Succeeded", result.StatusOf("StartRegistry"));
    }

    [Fact]
    public void Explicit_interface_implementation_overrides_the_default_target()
    {
        var result = Run("stop-registry");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("class stop", result.Lines());
        Assert.DoesNotContain("interface stop", result.Lines());
    }

    [Fact]
    public void Summary_table_has_every_target_status_and_a_verdict()
    {
        var result = Run("Compile", "Skipper");
        var lines = result.Lines();
        Assert.Contains(lines, l => l.StartsWith("Target") && l.Contains("Status") && l.Contains("Duration") && l.EndsWith("Note"));
        Assert.Matches(@"^Restore\s+Succeeded\s+\d+\.\d s$", result.RowOf("Restore"));
        Assert.Matches(@"^Skipper\s+Skipped\s+IsServerBuild$", result.RowOf("Skipper"));
        Assert.Matches(@"^Build succeeded in \d+\.\d s$", lines.Last());
    }

    [Fact]
    public void Secrets_are_masked_in_log_lines_and_failure_messages()
    {
        var result = Harness.Run(new Documented(), ["Compile", "Broken", "--keep-going"], new Dictionary<string, string> { ["PASSWORD"] = "hunter2" });
        Assert.Contains("using token *** and password ***", result.Lines());
        Assert.Contains("error: Broken: bad ***", result.Lines());
        Assert.DoesNotContain("hunter2", result.Output);
        Assert.DoesNotContain("default-token", result.Output);
    }

    [Fact]
    public void Plan_prints_the_order_and_writes_an_html_page_with_a_mermaid_graph()
    {
        using var root = new TempRoot();
        var result = Harness.Run(new Documented(), ["--plan"], new Dictionary<string, string>(), root, defaults: [b => b.Compile]);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines();
        Assert.Equal("Execution plan (3 targets):", lines[0]);
        Assert.Equal("  1. Restore", lines[1]);
        Assert.Equal("  2. StartRegistry", lines[2]);
        Assert.Equal("  3. Compile  <- Restore, StartRegistry", lines[3]);
        var page = Path.Combine(root.Path, ".nuke", "temp", "plan.html");
        Assert.Equal($"Plan written to {page}", lines[4]);
        var html = File.ReadAllText(page);
        Assert.Contains("<pre class=\"mermaid\">", html);
        Assert.Contains("graph LR", html);
        Assert.Contains("t0 --&gt; t2", html);
        Assert.Contains("3. Compile  &lt;- Restore, StartRegistry", html);
    }

    [Fact]
    public void GitHub_Actions_gets_groups_error_annotations_and_a_step_summary()
    {
        using var root = new TempRoot();
        var summaryFile = root.Write("step-summary.md", "previous\n");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["PASSWORD"] = "hunter2",
        };
        var result = Harness.Run(new Documented(), ["Restore", "Broken", "--keep-going"], environment, root);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Lines();
        var group = Array.IndexOf(lines, "::group::Restore");
        Assert.True(group >= 0);
        Assert.Equal("::endgroup::", lines[group + 1]);
        Assert.Contains("::error::Broken: bad ***", lines);
        var markdown = File.ReadAllText(summaryFile);
        Assert.StartsWith("previous\n| Target | Status | Duration | Note |", markdown);
        Assert.Contains("| Broken | ❌ Failed |", markdown);
        Assert.Contains("bad ***", markdown);
        Assert.DoesNotContain("hunter2", markdown);
        Assert.Contains("**Build failed in", markdown);
    }

    [Fact]
    public void GitHub_Actions_gets_an_error_annotation_for_bad_input()
    {
        var result = Harness.Run(new Documented(), ["nosuch"], new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Lines(), l => l.StartsWith("::error::unknown target 'nosuch'"));
    }

    [Fact]
    public void No_GitHub_commands_outside_GitHub_Actions()
    {
        var result = Run("Restore");
        Assert.DoesNotContain("::group::", result.Output);
    }

    [Fact]
    public void Schema_lists_parameters_with_value_sets_and_targets_deterministically()
    {
        var schema = BuildSchema.Generate(typeof(Documented));
        Assert.Equal(schema, BuildSchema.Generate(typeof(Documented)));
        using var document = JsonDocument.Parse(schema);
        var root = document.RootElement;
        Assert.Equal("http://json-schema.org/draft-04/schema#", root.GetProperty("$schema").GetString());
        var allOf = root.GetProperty("allOf").EnumerateArray().ToList();
        var properties = allOf[0].GetProperty("properties");
        Assert.Equal("#/definitions/NukeBuild", allOf[1].GetProperty("$ref").GetString());
        // NUKE's layout: enumeration values by field name, nullable value types as [T, "null"], component parameters included.
        Assert.Equal(["Cpu", "Cuda", "Rocm"], properties.GetProperty("Accelerator").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", properties.GetProperty("BaseRepo").GetProperty("type").GetString());
        Assert.Equal(["integer", "null"], properties.GetProperty("RegistryPort").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.True(properties.GetProperty("Token").TryGetProperty("default", out _));
        var definitions = root.GetProperty("definitions");
        Assert.Equal(["Broken", "Compile", "Internal", "Restore", "Skipper", "StartRegistry", "StopRegistry"],
            definitions.GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Verbose", "Normal", "Minimal", "Quiet"], definitions.GetProperty("Verbosity").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var builtIns = definitions.GetProperty("NukeBuild").GetProperty("properties");
        Assert.Equal("#/definitions/ExecutableTarget", builtIns.GetProperty("Skip").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal("#/definitions/ExecutableTarget", builtIns.GetProperty("Target").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal(["Continue", "Help", "KeepGoing", "Parallel", "Plan", "Profile", "Root", "Skip", "Target", "Verbosity"],
            builtIns.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Schema_file_is_rewritten_only_when_its_content_differs()
    {
        using var root = new TempRoot();
        var path = root.Write(".nuke/build.schema.json", "stale");
        Harness.Run(new Documented(), ["--help"], new Dictionary<string, string>(), root);
        Assert.Equal(BuildSchema.Generate(typeof(Documented)), File.ReadAllText(path));
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));
        Harness.Run(new Documented(), ["--help"], new Dictionary<string, string>(), root);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Quiet_verbosity_hides_info_but_keeps_the_summary()
    {
        var result = Run("StartRegistry", "--verbosity", "quiet");
        Assert.DoesNotContain("registry up", result.Lines());
        Assert.Contains("Build succeeded", result.Output);
    }
}
