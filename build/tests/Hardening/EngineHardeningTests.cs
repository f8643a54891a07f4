#pragma warning disable CS0649 // parameters are set by injection
using Strata.Engine;
using Strata.Tests.Engine;

namespace Strata.Tests.Hardening;

/// <summary>Issue #14 items 2, 3, 6, 9 at the engine: secrets masked from parsing on, log lines that cannot be commands, exit codes.</summary>
public class EngineHardeningTests
{
    class SecretBuild : NukeBuild
    {
        [Parameter("A token"), Secret] public string? GithubToken;
        [Parameter("Count")] public int Count;
        public Target Derive => _ => _.Executes(() => Log.Info("derived"));
        public Target Echo => _ => _.Executes(() => Log.Info($"value: a\n::add-mask::x\r::stop-commands::y\n  ::warning::z"));
        public Target BadInput => _ => _.Executes(() => throw new InputException("m.yaml:3: bad"));
        public Target Slow => _ => _.Executes(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
            Log.Info("slow finished");
        });
    }

    static readonly Dictionary<string, string> OnGitHub = new() { ["GITHUB_ACTIONS"] = "true" };

    /// <summary>
    /// GITHUB_OUTPUT=/dev/null or --output-json /dev/stdout: the device is written, never replaced by a renamed temp file
    /// (which, run as root, would turn /dev/null into a regular file for the whole machine).
    /// </summary>
    [Fact]
    public void Output_to_a_device_is_written_to_the_device_not_renamed_over_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        using (var files = new OutputFiles())
        {
            files.Append("/dev/null", "key=value\n");
            files.Write("/dev/null", "{}");
            files.Commit();
        }
        Assert.Equal("", File.ReadAllText("/dev/null"));
        Assert.Empty(Directory.GetFiles("/dev", ".null.*"));
    }

    [Fact]
    public void A_secret_quoted_by_a_parameter_error_is_masked_in_the_message_and_the_annotation()
    {
        var result = Harness.Run(new SecretBuild(), ["Derive", "--github-token", "ghp_SECRET123", "Derive"], OnGitHub);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Lines(), line => line.StartsWith("error: --github-token: expects one value", StringComparison.Ordinal));
        Assert.Contains(result.Lines(), line => line.StartsWith("::error::--github-token", StringComparison.Ordinal));
        // The only line holding the secret asks the runner to mask it everywhere.
        Assert.All(result.Lines().Where(line => line.Contains("ghp_SECRET123", StringComparison.Ordinal)),
            line => Assert.StartsWith("::add-mask::", line));
    }

    [Fact]
    public void A_secret_from_the_environment_is_masked_before_any_other_parameter_fails()
    {
        var result = Harness.Run(new SecretBuild(), ["Derive", "--count", "ghp_ENV456"],
            new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_ENV456" });

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("ghp_ENV456", result.Output);
        Assert.Contains("'***' is not a valid integer", result.Output);
    }

    [Fact]
    public void No_log_line_can_start_a_workflow_command()
    {
        var result = Harness.Run(new SecretBuild(), ["Echo"], OnGitHub);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines();
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("::add-mask::", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("::stop-commands::", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("::warning::", StringComparison.Ordinal));
        Assert.Contains("%3A%3Aadd-mask::x", lines);
        Assert.Contains("%3A%3Astop-commands::y", lines);
        // The engine's own commands still reach the runner.
        Assert.Contains("::group::Echo", lines);
    }

    [Theory]
    [InlineData("a%b\r\nc", "a%25b%0D%0Ac")]
    [InlineData("::x", "::x")]
    public void Command_values_are_escaped(string value, string escaped) =>
        Assert.Equal(escaped, WorkflowCommandText.EscapeData(value));

    [Fact]
    public void An_input_error_inside_a_target_exits_2_printed_once()
    {
        var result = Harness.Run(new SecretBuild(), ["BadInput"], OnGitHub);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Lines(), line => line == "error: m.yaml:3: bad");
        Assert.Single(result.Lines(), line => line == "::error::m.yaml:3: bad");
        Assert.DoesNotContain(result.Lines(), line => line.StartsWith("BadInput", StringComparison.Ordinal) && line.Contains("m.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void An_option_value_written_with_equals_is_never_an_option()
    {
        var commandLine = CommandLine.Parse(["Derive", "--tag-suffix=-h", "--backend=--plan"]);

        Assert.DoesNotContain(commandLine.Options, option => option.Written is "--help" or "--plan");
        Assert.Equal(["-h"], commandLine.Find("tag-suffix")!.Values);
        Assert.Equal(["--plan"], commandLine.Find("backend")!.Values);
    }

    [Fact]
    public void Cancellation_reaches_a_running_target()
    {
        using var abort = new CancellationTokenSource();
        var output = new CancelOnLine("> Slow", abort);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        using var root = new TempRoot();
        var exitCode = NukeBuild.Execute(new SecretBuild(), new BuildInvocation(["Slow"]) { Output = output, Abort = abort.Token, RootDirectory = root.Path }, []);

        Assert.Equal(130, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.DoesNotContain("slow finished", output.ToString());
    }

    [Fact]
    public void An_output_set_is_all_or_nothing_and_leaves_no_temp_files()
    {
        using var root = new TempRoot();
        var first = Path.Combine(root.Path, "out", "first.txt");
        var second = Path.Combine(root.Path, "out", "second");
        Directory.CreateDirectory(second);

        using (var files = new OutputFiles())
        {
            files.Write(first, "new");
            Assert.Throws<IOException>(() => files.Write(second, "new"));
        }

        Assert.False(File.Exists(first));
        Assert.Empty(Directory.EnumerateFiles(root.Path, "*.tmp", SearchOption.AllDirectories));

        using (var files = new OutputFiles())
        {
            files.Write(first, "one");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.Throws<OperationCanceledException>(() => files.Commit(cancelled.Token));
        }
        Assert.False(File.Exists(first));
        Assert.Empty(Directory.EnumerateFiles(root.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Temp_files_still_pending_are_removed_on_a_second_interrupt()
    {
        using var root = new TempRoot();
        var target = Path.Combine(root.Path, "plan.html");
        var files = new OutputFiles();
        files.Write(target, "staged");
        Assert.Single(Directory.EnumerateFiles(root.Path, "*.tmp", SearchOption.AllDirectories));

        TempFiles.DeleteAll();

        Assert.Empty(Directory.EnumerateFiles(root.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(target));
    }
}

/// <summary>A console that cancels the build when a given line is written, so an interrupt lands while a target runs.</summary>
sealed class CancelOnLine(string line, CancellationTokenSource abort) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value == line)
            abort.Cancel();
    }
}
