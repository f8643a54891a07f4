using System.Reflection.PortableExecutable;

namespace Strata.Tests.Bootstrap;

/// <summary>
/// One machine cache (<c>STRATA_BUILD_CACHE</c>) for several checkouts, as on a developer's machine: the first checkout
/// compiles through MSBuild and leaves the compile recipe of its project file; checkouts with other sources then
/// compile directly (build.sh, "Direct compile"). The native start is off: its background compile only adds load here.
/// </summary>
public sealed class DirectCompileFixture : IAsyncLifetime
{
    public string Scratch { get; } = Directory.CreateTempSubdirectory("strata-direct-").FullName;
    public string Cache => Path.Combine(Scratch, "cache");
    public string Recipes => Path.Combine(Cache, "recipes");
    public string First { get; private set; } = null!;
    public BootstrapRun FirstCall { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = BootstrapScript.CopyRepository(Scratch, "first");
        FirstCall = await RunAsync(First, ["--help"]);
    }

    /// <summary>A copy of the repository with <paramref name="change"/> applied to its build sources (the folder build/).</summary>
    public string Checkout(string name, Action<string> change)
    {
        var checkout = BootstrapScript.CopyRepository(Scratch, name);
        change(Path.Combine(checkout, "build"));
        return checkout;
    }

    public Task<BootstrapRun> RunAsync(string checkout, string[] arguments, params (string Name, string Value)[] environment) =>
        BootstrapScript.RunAsync(checkout, arguments, [("STRATA_BUILD_CACHE", Cache), ("STRATA_NATIVE", "off"), .. environment]);

    public Task DisposeAsync()
    {
        Directory.Delete(Scratch, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class DirectCompileTests(DirectCompileFixture fixture) : IClassFixture<DirectCompileFixture>
{
    const string ReadyToRunInBackground = "build.sh: compiling the ReadyToRun build in the background";

    /// <summary>A new help text, and a target in a new partial file that sorts first: the help lists targets in declaration order, which follows the order the compiler was given the files in.</summary>
    /// <paramref name="variant"/> tells the tests' sources apart (the machine cache would hand one test's build to another).
    static Action<string> ChangeSources(string variant) => build =>
    {
        var source = Path.Combine(build, "Build.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("\"Backends to build, by name\"", $"\"Backends to build, named ({variant})\""));
        File.WriteAllText(Path.Combine(build, "Build.Aardvark.cs"), """
            using Strata.Engine;

            partial class Build
            {
                Target Aardvark => _ => _
                    .Description("A target declared in a file that sorts before every other")
                    .Executes(() => { });
            }
            """);
    };

    [Fact]
    public void A_compile_through_MSBuild_leaves_the_recipe_of_its_project_file_without_paths_of_its_checkout()
    {
        Assert.True(fixture.FirstCall.ExitCode == 0, fixture.FirstCall.ToString());
        Assert.False(File.Exists(Path.Combine(fixture.First, ".nuke", "temp", "bin", "build.direct")));
        var recipe = Assert.Single(Directory.GetDirectories(fixture.Recipes));
        var arguments = File.ReadAllText(Path.Combine(recipe, "arguments"));
        Assert.Contains("@SOURCES@\n", arguments);
        Assert.Contains("/reference:", arguments);
        Assert.DoesNotContain(fixture.First, arguments);
        Assert.DoesNotContain("/out:", arguments);
        Assert.True(File.Exists(File.ReadAllText(Path.Combine(recipe, "compiler")).Trim()));
        Assert.True(File.Exists(Path.Combine(recipe, "bin", "_build.deps.json")));
        Assert.False(File.Exists(Path.Combine(recipe, "bin", "_build.dll")));
        Assert.True(File.Exists(Path.Combine(recipe, "generated", "_build.GlobalUsings.g.cs")));
        Assert.DoesNotContain(fixture.First, File.ReadAllText(Path.Combine(recipe, "generated", "_build.GeneratedMSBuildEditorConfig.editorconfig")));
    }

    [Fact]
    public async Task New_sources_compile_directly_to_what_MSBuild_compiles_and_the_ReadyToRun_build_replaces_them()
    {
        var direct = fixture.Checkout("direct", ChangeSources("direct"));
        var call = await fixture.RunAsync(direct, ["--help"]);
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.Contains(ReadyToRunInBackground, call.Error);
        var bin = Path.Combine(direct, ".nuke", "temp", "bin");
        var directlyCompiled = File.ReadAllBytes(Path.Combine(bin, "_build.dll"));
        Assert.False(Directory.Exists(Path.Combine(direct, "build", "obj")), "MSBuild ran in the call");

        // The same sources through MSBuild alone (no machine cache, so no recipe): the same help, targets in the same order.
        var reference = fixture.Checkout("reference", ChangeSources("direct"));
        var throughMSBuild = await BootstrapScript.RunAsync(reference, ["--help"], ("STRATA_BUILD_CACHE", "off"), ("STRATA_NATIVE", "off"));
        Assert.True(throughMSBuild.ExitCode == 0, throughMSBuild.ToString());
        Assert.Contains("Backends to build, named (direct)", call.Output);
        Assert.StartsWith("Targets (* = default):\n  Aardvark ", call.Output[call.Output.IndexOf("Targets", StringComparison.Ordinal)..]);
        Assert.Equal(throughMSBuild.Output, call.Output);

        // Directly compiled means without ReadyToRun code; the background compile then puts the ReadyToRun build in place
        // and into the machine's cache.
        Assert.False(IsReadyToRun(directlyCompiled));
        await WaitForBackgroundAsync(direct);
        Assert.False(File.Exists(Path.Combine(direct, ".nuke", "temp", "readytorun.failed")), Log(direct));
        Assert.False(File.Exists(Path.Combine(bin, "build.direct")), Log(direct));
        Assert.True(IsReadyToRun(File.ReadAllBytes(Path.Combine(bin, "_build.dll"))));
        var fingerprint = File.ReadAllText(Path.Combine(bin, "build.fingerprint"));
        Assert.Equal(fingerprint, File.ReadAllText(Path.Combine(fixture.Cache, fingerprint.Trim().Replace(' ', '-'), "build.fingerprint")));
        var afterwards = await fixture.RunAsync(direct, ["--help"]);
        Assert.Equal(call.Output, afterwards.Output);
        Assert.DoesNotContain(ReadyToRunInBackground, afterwards.Error);
    }

    [Fact]
    public async Task A_compile_error_names_its_place_and_exits_with_2_in_a_direct_compile_without_MSBuild_as_through_MSBuild()
    {
        var broken = fixture.Checkout("broken", build => File.WriteAllText(Path.Combine(build, "Broken.cs"), "static class Broken { static int M() => ; }\n"));
        var call = await fixture.RunAsync(broken, ["--help"]);
        Assert.Equal(2, call.ExitCode);
        Assert.Contains($"{Path.Combine(broken, "build", "Broken.cs")}(1,41): error CS1525", call.Error);
        Assert.EndsWith("error: compiling the build project failed (see above)\n", call.Error);
        Assert.Equal("", call.Output);
        Assert.False(Directory.Exists(Path.Combine(broken, "build", "obj")), "fell back to MSBuild");
        Assert.False(File.Exists(Path.Combine(broken, ".nuke", "temp", "bin", "build.fingerprint")));
        Assert.Empty(Directory.GetFiles(Path.Combine(broken, ".nuke", "temp"), "build.checked.started.*"));

        // The same through MSBuild (no recipe without the machine cache): its error line, the same closing line and code.
        var throughMSBuild = fixture.Checkout("broken-msbuild", build => File.WriteAllText(Path.Combine(build, "Broken.cs"), "static class Broken { static int M() => ; }\n"));
        var msbuildCall = await BootstrapScript.RunAsync(throughMSBuild, ["--help"], ("STRATA_BUILD_CACHE", "off"), ("STRATA_NATIVE", "off"));
        Assert.Equal(2, msbuildCall.ExitCode);
        Assert.Contains($"{Path.Combine(throughMSBuild, "build", "Broken.cs")}(1,41): error CS1525", msbuildCall.Error);
        Assert.EndsWith("error: compiling the build project failed (see above)\n", msbuildCall.Error);
        Assert.Empty(Directory.GetFiles(Path.Combine(throughMSBuild, ".nuke", "temp"), "build.checked.started.*"));
    }

    [Fact]
    public async Task With_CI_set_or_a_recipe_whose_compiler_is_gone_the_build_compiles_through_MSBuild_and_renews_the_recipe()
    {
        var ci = fixture.Checkout("ci", ChangeSources("ci"));
        var call = await fixture.RunAsync(ci, ["--help"], ("CI", "true"));
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.True(Directory.Exists(Path.Combine(ci, "build", "obj")));
        Assert.False(File.Exists(Path.Combine(ci, ".nuke", "temp", "bin", "build.direct")));
        Assert.DoesNotContain(ReadyToRunInBackground, call.Error);

        // A recipe of an SDK that was removed since: MSBuild compiles, and the recipe it leaves names today's compiler.
        var cache = Path.Combine(fixture.Scratch, "stale-cache");
        BootstrapScript.CopyDirectory(fixture.Recipes, Path.Combine(cache, "recipes"));
        var compiler = Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(cache, "recipes"))), "compiler");
        var current = File.ReadAllText(compiler);
        File.WriteAllText(compiler, "/nonexistent/sdk/Roslyn/bincore/csc.dll\n");
        var stale = fixture.Checkout("stale", ChangeSources("stale"));
        var staleCall = await BootstrapScript.RunAsync(stale, ["--help"], ("STRATA_BUILD_CACHE", cache), ("STRATA_NATIVE", "off"));
        Assert.True(staleCall.ExitCode == 0, staleCall.ToString());
        Assert.Contains("Backends to build, named (stale)", staleCall.Output);
        Assert.True(Directory.Exists(Path.Combine(stale, "build", "obj")));
        Assert.False(File.Exists(Path.Combine(stale, ".nuke", "temp", "bin", "build.direct")));
        Assert.Equal(current, File.ReadAllText(compiler));
    }

    [Fact]
    public async Task No_recipe_is_kept_when_MSBuild_compiles_other_files_than_build_sh_would_give_the_compiler()
    {
        var cache = Path.Combine(fixture.Scratch, "extra-cache");
        var extra = fixture.Checkout("extra", build =>
        {
            var project = Path.Combine(build, "_build.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
                "  <ItemGroup><Compile Include=\"../extra/Extra.cs\" /></ItemGroup>\n</Project>"));
            Directory.CreateDirectory(Path.Combine(build, "..", "extra"));
            File.WriteAllText(Path.Combine(build, "..", "extra", "Extra.cs"), "static class Extra { }\n");
        });
        var call = await BootstrapScript.RunAsync(extra, ["--help"], ("STRATA_BUILD_CACHE", cache), ("STRATA_NATIVE", "off"));
        Assert.True(call.ExitCode == 0, call.ToString());
        Assert.Single(Directory.GetDirectories(cache), entry => !entry.EndsWith("recipes", StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "recipes")));
    }

    static bool IsReadyToRun(byte[] assembly)
    {
        using var reader = new PEReader(new MemoryStream(assembly));
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    static async Task WaitForBackgroundAsync(string checkout)
    {
        var lockDirectory = Path.Combine(checkout, ".nuke", "temp", "readytorun.lock");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (Directory.Exists(lockDirectory))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the background ReadyToRun compile did not end:\n{Log(checkout)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    static string Log(string checkout)
    {
        var log = Path.Combine(checkout, ".nuke", "temp", "readytorun.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no readytorun.log)";
    }
}
