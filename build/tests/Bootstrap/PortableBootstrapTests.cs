using System.Text.RegularExpressions;
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
    readonly string compilerArguments;

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
        foreach (var tool in new[] { "bash", "dirname", "sort", "cat", "rm", "mkdir", "touch", "mv", "cp", "nice", "grep" })
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
        // build: MSBuild's compile, recording the compiler's arguments as _build.csproj's RecordCompilerArguments does
        // (only once the test asks for it: without a record there is no direct compile);
        // exec: the compiler run directly (its response file is kept for the test); anything else runs the build.
        compilerArguments = Path.Combine(root, "compiler-arguments.log");
        Script("dotnet", $$"""
            #!{{Which("bash")}}
            echo "$*" >> "{{dotnetLog}}"
            if [[ $1 == build ]]; then
              if [[ -f "{{root}}/fail-msbuild" ]]; then echo "error MSB0000: failing as the test asked" >&2; exit 1; fi
              while [[ $# -gt 0 ]]; do
                case "$1" in
                  -o) mkdir -p "$2" && : > "$2/_build.dll" && : > "$2/_build.deps.json" ;;
                  -p:StrataCompileRecipe=*)
                    [[ -f "{{root}}/record-compiler-arguments" ]] || { shift; continue; }
                    recipe="${1#-p:StrataCompileRecipe=}"
                    mkdir -p "$recipe" build/obj/Release/x
                    echo "global using System; // {{root}}/" > build/obj/Release/x/_build.GlobalUsings.g.cs
                    printf '%s\n' /noconfig /nullable:enable /out:obj/Release/x/_build.dll Engine/Target.cs \
                      obj/Release/x/_build.GlobalUsings.g.cs "/analyzerconfig:{{root}}/.editorconfig" > "$recipe/arguments"
                    echo "$0" > "$recipe/compiler" ;;
                esac
                shift
              done
            elif [[ $1 == exec ]]; then
              response="${@: -1}"
              cat "${response#@}" >> "{{compilerArguments}}"
              while IFS= read -r line; do
                case "$line" in '"/out:'*) line="${line#\"/out:}"; : > "${line%\"}" ;; esac
              done < "${response#@}"
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

    [Fact]
    public void Compiles_directly_with_the_arguments_MSBuild_recorded_using_only_POSIX_tools()
    {
        File.WriteAllText(Path.Combine(root, "record-compiler-arguments"), "");
        Run("Derive");
        Assert.Equal(1, Compilations());

        // New sources of the same project file: the compiler is run with the recorded arguments (paths of this checkout
        // and the generated files put back, today's sources in place of the recorded ones), no MSBuild in the call.
        File.WriteAllText(Path.Combine(root, "build", "Engine", "Target.cs"), "class Changed {}");
        File.WriteAllText(Path.Combine(root, "build", "Added.cs"), "class Added {}");
        Assert.Equal(["arg: Derive", "arg: --root", $"arg: {root}"], Run("Derive"));
        var arguments = File.ReadAllLines(compilerArguments);
        Assert.Equal(["/nullable:enable", "\"Added.cs\"", "\"Engine/Target.cs\""], arguments[..3]);
        Assert.Matches($"^\"{Regex.Escape(root)}/\\.nuke/temp/direct\\.[0-9]+/generated/_build\\.GlobalUsings\\.g\\.cs\"$", arguments[3]);
        Assert.Equal($"/analyzerconfig:{root}/.editorconfig", arguments[4]);
        Assert.StartsWith($"\"/out:{root}/.nuke/temp/direct.", arguments[5]);
        Assert.Equal(6, arguments.Length);

        // Then the ReadyToRun build compiles in the background (MSBuild again) and replaces the direct one.
        var lockDirectory = Path.Combine(root, ".nuke", "temp", "readytorun.lock");
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Directory.Exists(lockDirectory) && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.Equal(2, Compilations());
        Assert.False(File.Exists(Path.Combine(root, ".nuke", "temp", "bin", "build.direct")));
        Assert.True(File.Exists(Path.Combine(root, ".nuke", "temp", "bin", "_build.dll")));

        // A ReadyToRun compile that fails leaves the direct build running, and every call says so until the sources change.
        File.WriteAllText(Path.Combine(root, "fail-msbuild"), "");
        File.WriteAllText(Path.Combine(root, "build", "Added.cs"), "class AddedAgain {}");
        Run("Derive");
        while (Directory.Exists(lockDirectory) && DateTime.UtcNow < deadline.AddMinutes(1)) Thread.Sleep(100);
        Assert.True(File.Exists(Path.Combine(root, ".nuke", "temp", "bin", "build.direct")));
        Assert.Contains("error MSB0000: failing as the test asked", File.ReadAllText(Path.Combine(root, ".nuke", "temp", "readytorun.log")));
        Assert.Equal(["arg: Derive", "arg: --root", $"arg: {root}"], Run(["Derive"], out var error));
        Assert.Contains("build.sh: the ReadyToRun compile of these sources failed (see .nuke/temp/readytorun.log)", error);
        Assert.DoesNotContain("compiling the ReadyToRun build in the background", error);
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

    string[] Run(params string[] args) => Run(args, out _);

    string[] Run(string[] args, out string error)
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
        error = process.StandardError.ReadToEnd();
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
