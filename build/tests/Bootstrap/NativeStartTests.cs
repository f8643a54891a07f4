using System.Text.RegularExpressions;
using Strata.Engine;
using Strata.Tests.GitHub.Workflows;
using Strata.Tests.Matrix;

namespace Strata.Tests.Bootstrap;

/// <summary>
/// One checkout whose first call starts the native build's compile in the background, as a user's would; every fact
/// reads that checkout once the native build is in place. Each compares the native start with the managed build
/// (<c>STRATA_NATIVE=off</c>) on the same checkout.
/// </summary>
public sealed class NativeStartFixture : IAsyncLifetime
{
    readonly string scratch = Directory.CreateTempSubdirectory("strata-native-").FullName;
    public string Checkout { get; private set; } = null!;
    public BootstrapRun FirstCall { get; private set; } = null!;
    public string NativeDirectory => Path.Combine(Checkout, ".nuke", "temp", "native");
    public string CompiledDirectory => Path.Combine(Checkout, ".nuke", "temp", "bin");

    public async Task InitializeAsync()
    {
        Checkout = BootstrapScript.CopyRepository(scratch, "checkout");
        FirstCall = await BootstrapScript.RunAsync(Checkout, ["--help"]);
        // The compile runs after the call returned: wait for it (a minute or two here; its log says what failed).
        var fingerprint = Path.Combine(NativeDirectory, "build.fingerprint");
        var lockDirectory = NativeDirectory + ".lock";
        var deadline = DateTime.UtcNow.AddMinutes(12);
        while (!File.Exists(fingerprint) || Directory.Exists(lockDirectory))
        {
            if (DateTime.UtcNow > deadline || File.Exists(NativeDirectory + ".failed"))
                throw new InvalidOperationException($"no native build in {NativeDirectory}:\n{ReadLog()}");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    public string ReadLog()
    {
        var log = Path.Combine(Checkout, ".nuke", "temp", "native.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no native.log)";
    }

    /// <summary>The same call through the native start (default) and the managed build only.</summary>
    public async Task<(BootstrapRun Native, BootstrapRun Managed)> BothAsync(string[] arguments, params (string Name, string Value)[] environment)
    {
        var native = await BootstrapScript.RunAsync(Checkout, arguments, environment);
        var managed = await BootstrapScript.RunAsync(Checkout, arguments, [.. environment, ("STRATA_NATIVE", "off")]);
        return (native, managed);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(scratch, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class NativeStartTests(NativeStartFixture fixture) : IClassFixture<NativeStartFixture>
{
    const string Started = "native build: started";
    const string HandingOver = "native build: handing over to the managed build";

    [Fact]
    public void The_first_call_runs_the_managed_build_and_compiles_the_native_one_in_the_background_for_its_fingerprint()
    {
        Assert.True(fixture.FirstCall.ExitCode == 0, fixture.FirstCall.ToString());
        Assert.Contains("Usage: ./build.sh", fixture.FirstCall.Output);
        Assert.Contains("build.sh: compiling the native build in the background", fixture.FirstCall.Error);
        Assert.True(File.Exists(Path.Combine(fixture.NativeDirectory, "_build")), fixture.ReadLog());
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.CompiledDirectory, "build.fingerprint")),
            File.ReadAllText(Path.Combine(fixture.NativeDirectory, "build.fingerprint")));
        Assert.Empty(Directory.GetFiles(fixture.NativeDirectory, "*.dbg"));
        Assert.False(Directory.Exists(Path.Combine(fixture.Checkout, "build", "obj", "native")));
    }

    [Fact]
    public async Task Help_is_the_managed_builds_help_and_comes_from_the_native_build()
    {
        var (native, managed) = await fixture.BothAsync(["--help"]);
        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.Equal(managed.Output, native.Output);
        Assert.Equal("", native.Error);
        var verbose = await BootstrapScript.RunAsync(fixture.Checkout, ["--help", "--verbosity", "verbose"]);
        Assert.StartsWith(Started, verbose.Output);
        var managedVerbose = await BootstrapScript.RunAsync(fixture.Checkout, ["--help", "--verbosity", "verbose"], ("STRATA_NATIVE", "off"));
        Assert.DoesNotContain(Started, managedVerbose.Output);
    }

    public static TheoryData<string> Matrices => new(Fixtures.AllMatrices.Select(Path.GetFileName)!);

    /// <summary>Every fixture, the collision error of localai-2025-10 too: same outputs, same console, same exit code.</summary>
    [Theory]
    [MemberData(nameof(Matrices))]
    public async Task Derive_runs_natively_with_the_managed_builds_outputs_and_console(string matrix)
    {
        var outputs = Directory.CreateTempSubdirectory("strata-native-derive-").FullName;
        try
        {
            string[] Arguments(string side) => ["Derive", "--matrix", Fixtures.File(matrix), "--base-repo", Fixtures.Pr9672BaseRepo,
                "--output-json", Path.Combine(outputs, $"{side}.json"), "--verbosity", "verbose"];
            var native = await BootstrapScript.RunAsync(fixture.Checkout, Arguments("native"), ("GITHUB_OUTPUT", Path.Combine(outputs, "native.out")));
            var managed = await BootstrapScript.RunAsync(fixture.Checkout, Arguments("managed"),
                ("GITHUB_OUTPUT", Path.Combine(outputs, "managed.out")), ("STRATA_NATIVE", "off"));
            Assert.StartsWith(Started, native.Output);
            Assert.DoesNotContain(HandingOver, native.Output);
            Assert.Equal(managed.ExitCode, native.ExitCode);
            Assert.Equal(Console(managed.Output), Console(native.Output.Replace(Started + "\n", "")));
            Assert.Equal(managed.Error, native.Error);
            foreach (var file in new[] { "out", "json" })
            {
                var managedFile = Path.Combine(outputs, $"managed.{file}");
                Assert.Equal(File.Exists(managedFile), File.Exists(Path.Combine(outputs, $"native.{file}")));
                if (File.Exists(managedFile))
                    Assert.Equal(File.ReadAllText(managedFile), File.ReadAllText(Path.Combine(outputs, $"native.{file}")));
            }
        }
        finally
        {
            Directory.Delete(outputs, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_input_fails_natively_as_in_the_managed_build()
    {
        var (native, managed) = await fixture.BothAsync(["Derive", "--matrix", "no-such-matrix.yaml", "--base-repo", "x"]);
        Assert.Equal(ExitCodes.BadInput, native.ExitCode);
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Contains("no-such-matrix.yaml", native.Output + native.Error);
        Assert.Equal(Console(managed.Output), Console(native.Output));
        Assert.Equal(managed.Error, native.Error);
    }

    /// <summary>
    /// ConnectDocker is not declared RunsNatively: the native build hands the call over, and the managed build does what it
    /// always does (here: no engine at that socket, so it fails the same way).
    /// </summary>
    [Fact]
    public async Task A_target_that_needs_the_managed_build_is_handed_over_to_it_with_the_same_arguments_and_environment()
    {
        var socket = ("DOCKER_HOST", $"unix://{Path.Combine(fixture.Checkout, "no-engine.sock")}");
        string[] arguments = ["ConnectDocker", "--verbosity", "verbose"];
        var (native, managed) = await fixture.BothAsync(arguments, socket);
        Assert.Contains($"{HandingOver} (ConnectDocker runs only in the managed build)", native.Output);
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.NotEqual(0, native.ExitCode);
        Assert.Contains("no-engine.sock", native.Output + native.Error);
        var afterHandOver = native.Output[(native.Output.IndexOf(HandingOver, StringComparison.Ordinal))..];
        Assert.Equal(Console(managed.Output), Console(afterHandOver[(afterHandOver.IndexOf('\n') + 1)..]));
        Assert.DoesNotContain(NativeStart.ManagedBuildVariable, native.Output + native.Error);
    }

    /// <summary>
    /// Planning expands target families (a base's legs, a rehearsal's jobs), which may use any library: the decision
    /// comes before it, from the targets the invocation may run, so --plan of those is handed over too.
    /// </summary>
    [Fact]
    public async Task The_plan_of_a_native_target_is_native_and_the_plan_of_any_other_is_made_by_the_managed_build()
    {
        var derive = await BootstrapScript.RunAsync(fixture.Checkout, ["Derive", "--plan", "--verbosity", "verbose"]);
        Assert.True(derive.ExitCode == 0, derive.ToString());
        Assert.StartsWith(Started, derive.Output);
        Assert.DoesNotContain(HandingOver, derive.Output);

        var (native, managed) = await fixture.BothAsync(["ConnectDocker", "--plan", "--verbosity", "verbose"]);
        Assert.Contains($"{HandingOver} (ConnectDocker runs only in the managed build)", native.Output);
        Assert.True(managed.ExitCode == 0, managed.ToString());
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Contains("1. ConnectDocker", managed.Output);
        var afterHandOver = native.Output[(native.Output.IndexOf(HandingOver, StringComparison.Ordinal))..];
        Assert.Equal(Console(managed.Output), Console(afterHandOver[(afterHandOver.IndexOf('\n') + 1)..]));
    }

    [Fact]
    public async Task Derive_with_a_GitHub_token_is_handed_over_because_it_may_ask_the_GitHub_API()
    {
        var run = await BootstrapScript.RunAsync(fixture.Checkout,
            ["Derive", "--matrix", Fixtures.File("localai-2026-08.yaml"), "--base-repo", "x", "--github-token", "not-a-real-token", "--verbosity", "verbose"]);
        Assert.Contains($"{HandingOver} (Derive runs natively only when string.IsNullOrEmpty(GithubToken))", run.Output);
        Assert.DoesNotContain("not-a-real-token", run.Output + run.Error);
    }

    [Fact]
    public void Build_sh_names_the_variable_the_native_build_reads_for_the_managed_build()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "build.sh"));
        Assert.Contains($"{NativeStart.ManagedBuildVariable}=\"$OUTPUT_DIRECTORY/_build.dll\" exec \"$NATIVE_DIRECTORY/_build\"", script);
    }

    /// <summary>
    /// Changed sources: the native build no longer matches the compiled build, so the managed one runs (and shows the change);
    /// with CI set no native compile starts. An unknown STRATA_NATIVE value is refused before anything runs.
    /// </summary>
    [Fact]
    public async Task A_native_build_of_other_sources_is_not_run_and_CI_starts_no_native_compile()
    {
        var scratch = Directory.CreateTempSubdirectory("strata-native-stale-").FullName;
        try
        {
            var checkout = BootstrapScript.CopyRepository(scratch, "stale");
            BootstrapScript.CopyDirectory(fixture.NativeDirectory, Path.Combine(checkout, ".nuke", "temp", "native"));
            var source = Path.Combine(checkout, "build", "Build.cs");
            File.WriteAllText(source, File.ReadAllText(source).Replace("\"Backends to build, by name\"", "\"Backends to build, by their name\""));
            var run = await BootstrapScript.RunAsync(checkout, ["--help", "--verbosity", "verbose"], ("CI", "true"));
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("Backends to build, by their name", run.Output);
            Assert.DoesNotContain(Started, run.Output);
            Assert.DoesNotContain("compiling the native build", run.Error);
            Assert.False(Directory.Exists(Path.Combine(checkout, ".nuke", "temp", "native.lock")));

            var refused = await BootstrapScript.RunAsync(checkout, ["--help"], ("STRATA_NATIVE", "sometimes"));
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal("error: STRATA_NATIVE='sometimes' is not valid; valid values: auto, off\n", refused.Error);
            Assert.Equal("", refused.Output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The console without what differs between two runs: durations.</summary>
    static string Console(string output) => Regex.Replace(output, @"\d+(\.\d+)? (s|ms)\b", "<time>");
}
