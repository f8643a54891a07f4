using Strata.Engine;
using Strata.Tests.GitHub.Workflows;

namespace Strata.Tests.Bootstrap;

/// <summary>
/// The contract of <c>./build.sh</c>: it compiles when the build's sources changed and only then, and it reuses a
/// compiled build from another checkout (<c>STRATA_PREBUILT_BIN</c>) exactly when that build's content fingerprint
/// matches. "Compiled" is observed as MSBuild's <c>build/obj</c> folder appearing in a checkout that had none.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    readonly string scratch = Directory.CreateTempSubdirectory("strata-bootstrap-").FullName;

    [Fact]
    public async Task Compiles_only_for_changed_content_and_reuses_a_matching_prebuilt_build()
    {
        var first = CopyRepository("first");
        var fresh = await Run(first, "--help");
        Assert.True(fresh.ExitCode == 0, fresh.Output);
        Assert.Contains("Usage: ./build.sh", fresh.Output);
        var compiled = Path.Combine(first, ".nuke", "temp", "bin", "_build.dll");
        var compiledAt = File.GetLastWriteTimeUtc(compiled);

        // A warm call only stats the sources: the record of the last content check is left as it was.
        var checkedFile = Path.Combine(first, ".nuke", "temp", "build.checked");
        var checkedAt = File.GetLastWriteTimeUtc(checkedFile);
        Assert.Equal(0, (await Run(first, "--help")).ExitCode);
        Assert.Equal(checkedAt, File.GetLastWriteTimeUtc(checkedFile));

        // Touched but unchanged: the change time moves, so the content is checked again, and it matches; nothing compiles.
        var source = Path.Combine(first, "build", "Build.cs");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(0, (await Run(first, "--help")).ExitCode);
        Assert.Equal(compiledAt, File.GetLastWriteTimeUtc(compiled));
        Assert.NotEqual(checkedAt, File.GetLastWriteTimeUtc(checkedFile));

        // Changed content written with an old modification time (as cp -p, tar or rsync -t leave it): still compiled,
        // and compiled from the new content, although MSBuild's own check by modification time would skip it.
        var original = File.ReadAllText(source);
        File.WriteAllText(source, original.Replace("\"Backends to build, by name\"", "\"Backends to build, by any name\""));
        File.SetLastWriteTimeUtc(source, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var backdated = await Run(first, "--help");
        Assert.True(backdated.ExitCode == 0, backdated.Output);
        Assert.Contains("Backends to build, by any name", backdated.Output);

        // Back to the original content with a source file added, then that file removed: the removal alone is a change
        // (seen through the folder's change time), so each step compiles.
        File.WriteAllText(source, original);
        var added = Path.Combine(first, "build", "AddedForTheBootstrapTest.cs");
        File.WriteAllText(added, "static class AddedForTheBootstrapTest { }\n");
        var beforeAdding = File.GetLastWriteTimeUtc(compiled);
        var withAdded = await Run(first, "--help");
        Assert.True(withAdded.ExitCode == 0, withAdded.Output);
        Assert.Contains("Backends to build, by name", withAdded.Output);
        Assert.NotEqual(beforeAdding, File.GetLastWriteTimeUtc(compiled));
        File.Delete(added);
        var beforeRemoving = File.GetLastWriteTimeUtc(compiled);
        Assert.Equal(0, (await Run(first, "--help")).ExitCode);
        Assert.NotEqual(beforeRemoving, File.GetLastWriteTimeUtc(compiled));

        // Another checkout of the same sources takes the prebuilt build instead of compiling; as the generated workflows
        // do, it was downloaded into the checkout and named relative to the repository root (not the caller's folder).
        var second = CopyRepository("second");
        var prebuilt = Path.Combine(first, ".nuke", "temp", "bin");
        CopyDirectory(prebuilt, Path.Combine(second, ".nuke", "temp", "prebuilt-build"));
        var reused = await Run(second, "--help", workingDirectory: scratch, ("STRATA_PREBUILT_BIN", ".nuke/temp/prebuilt-build"));
        Assert.True(reused.ExitCode == 0, reused.Output);
        Assert.False(Directory.Exists(Path.Combine(second, "build", "obj")), "the prebuilt build was not reused");
        Assert.Equal(File.ReadAllBytes(compiled), File.ReadAllBytes(Path.Combine(second, ".nuke", "temp", "bin", "_build.dll")));
        Assert.Contains("build.sh: reusing the compiled build from STRATA_PREBUILT_BIN=.nuke/temp/prebuilt-build", reused.Output);

        // Changed sources: the prebuilt build no longer matches, so the bootstrap compiles, and the change is live.
        var third = CopyRepository("third");
        var buildFile = Path.Combine(third, "build", "Build.cs");
        File.WriteAllText(buildFile, File.ReadAllText(buildFile).Replace("\"Backends to build, by name\"", "\"Backends to build, by their name\""));
        var recompiled = await Run(third, "--help", ("STRATA_PREBUILT_BIN", prebuilt));
        Assert.True(recompiled.ExitCode == 0, recompiled.Output);
        Assert.True(Directory.Exists(Path.Combine(third, "build", "obj")), "changed sources were not compiled");
        Assert.Contains("Backends to build, by their name", recompiled.Output);
        Assert.Contains($"build.sh: compiling the build: STRATA_PREBUILT_BIN={prebuilt} holds no compiled build", recompiled.Output);
    }

    [Fact]
    public async Task A_checkout_of_sources_compiled_on_this_machine_before_takes_that_build_instead_of_compiling()
    {
        // CI set: a compile is one through MSBuild (no direct compile, build.sh), which is what these facts observe.
        var cache = Path.Combine(scratch, "machine-cache");
        (string, string)[] cached = [("STRATA_BUILD_CACHE", cache), ("CI", "true")];
        var first = CopyRepository("cached-first");
        var compiled = await Run(first, "--help", cached);
        Assert.True(compiled.ExitCode == 0, compiled.Output);
        Assert.True(Directory.Exists(Path.Combine(first, "build", "obj")), "the first checkout did not compile");
        var fingerprint = File.ReadAllText(Path.Combine(first, ".nuke", "temp", "bin", "build.fingerprint")).Trim();
        var entry = Assert.Single(CacheEntries(cache));
        Assert.Equal(fingerprint, File.ReadAllText(Path.Combine(entry, "build.fingerprint")).Trim());

        // Same sources in another checkout: taken from the cache, nothing compiled, the same build.
        var second = CopyRepository("cached-second");
        var reused = await Run(second, "--help", cached);
        Assert.True(reused.ExitCode == 0, reused.Output);
        Assert.Contains("Usage: ./build.sh", reused.Output);
        Assert.False(Directory.Exists(Path.Combine(second, "build", "obj")), "the cached build was not taken");
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, ".nuke", "temp", "bin", "_build.dll")),
            File.ReadAllBytes(Path.Combine(second, ".nuke", "temp", "bin", "_build.dll")));

        // Off: compiles although the cache holds the build.
        var off = CopyRepository("cache-off");
        Assert.Equal(0, (await Run(off, "--help", ("STRATA_BUILD_CACHE", "off"))).ExitCode);
        Assert.True(Directory.Exists(Path.Combine(off, "build", "obj")), "STRATA_BUILD_CACHE=off took the cached build");

        // A damaged entry is not taken: the checkout compiles and the entry is written again. Beyond eight entries the
        // least recently used go (eight stale ones planted here, older than everything else).
        File.Delete(Path.Combine(entry, "_build.dll"));
        var stale = Enumerable.Range(1, 8).Select(n => Path.Combine(cache, $"{n}000-{n}")).ToList();
        foreach (var (path, n) in stale.Select((path, n) => (path, n)))
        {
            Directory.CreateDirectory(path);
            Directory.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1 + n, 0, 0, 0, DateTimeKind.Utc));
        }
        var third = CopyRepository("cached-third");
        var recompiled = await Run(third, "--help", cached);
        Assert.True(recompiled.ExitCode == 0, recompiled.Output);
        Assert.True(Directory.Exists(Path.Combine(third, "build", "obj")), "a damaged cache entry was taken");
        Assert.True(File.Exists(Path.Combine(entry, "_build.dll")), "the damaged entry was not written again");
        Assert.Equal(8, CacheEntries(cache).Length);
        Assert.True(Directory.Exists(Path.Combine(cache, "recipes")), "eviction counted the compile recipes as an entry");
        Assert.False(Directory.Exists(stale[0]), "the least recently used entry was kept");
        Assert.True(Directory.Exists(stale[1]));
    }

    /// <summary>The compiled builds in a machine cache (named by fingerprint, beside the compile recipes).</summary>
    static string[] CacheEntries(string cache) => Directory.GetDirectories(cache).Where(entry => Path.GetFileName(entry) != "recipes").ToArray();

    static void CopyDirectory(string source, string target) => BootstrapScript.CopyDirectory(source, target);

    string CopyRepository(string name) => BootstrapScript.CopyRepository(scratch, name);

    static Task<(int ExitCode, string Output)> Run(string root, string argument, params (string Name, string Value)[] environment) =>
        Run(root, argument, root, environment);

    static async Task<(int ExitCode, string Output)> Run(string root, string argument, string workingDirectory, params (string Name, string Value)[] environment)
    {
        // As a user's shell would: nothing of the test runner (MSBuild variables in particular) leaks into the bootstrap.
        var variables = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!(name is "PATH" or "HOME" or "NUGET_PACKAGES" || name.StartsWith("DOTNET_", StringComparison.Ordinal)))
                variables[name] = null;
        }
        // The machine's cache of compiled builds is off unless a test names one: these tests observe compiles. No native
        // build either: its background compile would outlive the test.
        variables["STRATA_BUILD_CACHE"] = "off";
        variables["STRATA_NATIVE"] = "off";
        foreach (var (name, value) in environment)
            variables[name] = value;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var result = await ProcessTasks.RunAsync(Path.Combine(root, "build.sh"), [argument], new ProcessOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = variables,
            LogOutput = false,
        }, timeout.Token);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
