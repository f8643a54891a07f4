using Strata.Images;

namespace Strata.Tests.Hardening;

/// <summary>A natively built backend's archive appears only when complete (issue #14 item 7: outputs all-or-nothing).</summary>
public class NativeArchiveTests
{
    static string Source(string makefile)
    {
        var directory = Directory.CreateTempSubdirectory("strata-native-").FullName;
        File.WriteAllText(Path.Combine(directory, "Makefile"), makefile.Replace("    ", "\t"));
        return directory;
    }

    [Fact]
    public async Task A_package_is_archived_under_its_name_once_complete()
    {
        var source = Source("package:\n    mkdir -p package && echo ok > package/run.sh\n");
        var archive = Path.Combine(source, "out", "backend-metal.tar.gz");
        try
        {
            Assert.Equal("archived backend-metal.tar.gz", await NativeBackendBuild.RunAsync(source, archive));
            Assert.True(new FileInfo(archive).Length > 0);
            Assert.Empty(Directory.EnumerateFiles(source, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_archive_leaves_no_file_behind()
    {
        var source = Source("package:\n    true\n"); // no package/ folder: tar fails
        var archive = Path.Combine(source, "out", "backend-metal.tar.gz");
        try
        {
            await Assert.ThrowsAsync<ImageBuildException>(() => NativeBackendBuild.RunAsync(source, archive));
            Assert.False(File.Exists(archive));
            Assert.Empty(Directory.EnumerateFiles(source, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }
}
