using System.Diagnostics;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Bootstrap;

/// <summary>
/// build.sh under a stand-in PATH that has only the tools it may use, with a <c>find</c> that rejects GNU-only options
/// and no <c>md5sum</c> (as on macOS), and a recording <c>dotnet</c>: a source edit recompiles, an unchanged tree does not.
/// </summary>
public sealed class PortableBootstrapTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("strata-bootstrap-").FullName;
    readonly string tools;
    readonly string dotnetLog;
    readonly string cksumLog;

    public PortableBootstrapTests()
    {
        File.Copy(Path.Combine(RepoPaths.Root, "build.sh"), Path.Combine(root, "build.sh"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(root, "build", "Engine"));
        File.WriteAllText(Path.Combine(root, "global.json"), "{}");
        File.WriteAllText(Path.Combine(root, "build", "_build.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(root, "build", "Engine", "Target.cs"), "class A {}");

        tools = Path.Combine(root, "stand-in-bin");
        Directory.CreateDirectory(tools);
        foreach (var tool in new[] { "bash", "dirname", "sort", "cat", "rm", "mkdir", "touch", "mv", "cp" })
            File.CreateSymbolicLink(Path.Combine(tools, tool), Which(tool));
        Script("find", $"""
            #!{Which("bash")}
            # BSD find: no -printf family (it has -cnewer and -quit, which build.sh uses).
            for argument in "$@"; do
              case "$argument" in -printf | -fprintf | -printf0 ) echo "find: unknown primary or operator: $argument" >&2; exit 1 ;; esac
            done
            exec {Which("find")} "$@"
            """);
        cksumLog = Path.Combine(root, "cksum.log");
        Script("cksum", $"""
            #!{Which("bash")}
            echo "$*" >> "{cksumLog}"
            exec {Which("cksum")} "$@"
            """);
        dotnetLog = Path.Combine(root, "dotnet.log");
        Script("dotnet", $"""
            #!{Which("bash")}
            echo "$*" >> "{dotnetLog}"
            if [[ $1 == build ]]; then
              while [[ $# -gt 0 ]]; do
                if [[ $1 == -o ]]; then mkdir -p "$2" && : > "$2/_build.dll"; fi
                shift
              done
            else
              shift
              for argument in "$@"; do echo "arg: $argument"; done
            fi
            """);
    }

    [Fact]
    public void Recompiles_exactly_when_a_source_changes_using_only_POSIX_tools()
    {
        Assert.False(File.Exists(Path.Combine(tools, "md5sum")));

        var first = Run("Derive");
        Assert.Equal(1, Compilations());
        Assert.Equal(["arg: Derive", "arg: --root", $"arg: {root}"], first);

        // Warm: the sources are only stat'ed (find -cnewer), not read.
        var contentReads = File.ReadAllLines(cksumLog).Length;
        Run("Derive");
        Assert.Equal(1, Compilations());
        Assert.Equal(contentReads, File.ReadAllLines(cksumLog).Length);

        // Same size, same modification time: only the content tells the edit apart.
        var source = Path.Combine(root, "build", "Engine", "Target.cs");
        var modified = File.GetLastWriteTimeUtc(source);
        File.WriteAllText(source, "class B {}");
        File.SetLastWriteTimeUtc(source, modified);
        Run("Derive");
        Assert.Equal(2, Compilations());

        // Back to the first content: that build is in the machine's cache (under HOME here), so it is taken, not compiled.
        File.WriteAllText(source, "class A {}");
        Assert.Equal(["arg: Derive", "arg: --root", $"arg: {root}"], Run("Derive"));
        Assert.Equal(2, Compilations());
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(root, ".cache", "strata", "builds")).Length);
    }

    [Theory]
    [InlineData("--root=/elsewhere")]
    [InlineData("--root", "/elsewhere")]
    public void A_root_given_by_the_caller_is_passed_once(params string[] rootArguments)
    {
        var output = Run(["Derive", .. rootArguments]);
        Assert.Equal(["arg: Derive", .. rootArguments.Select(a => $"arg: {a}")], output);
    }

    int Compilations() => File.ReadAllLines(dotnetLog).Count(line => line.StartsWith("build ", StringComparison.Ordinal));

    string[] Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(tools, "bash"), [Path.Combine(root, "build.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = tools;
        start.Environment["HOME"] = root;
        start.Environment["STRATA_NATIVE"] = "off";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"build.sh exited with {process.ExitCode}: {error}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    void Script(string name, string text)
    {
        var path = Path.Combine(tools, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
        .Select(directory => Path.Combine(directory, tool))
        .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"{tool} is not on PATH");

    public void Dispose() => Directory.Delete(root, recursive: true);
}
