using Strata.Engine;

namespace Strata.Tests.Engine;

public class RootDirectoryTests
{
    class Where : RecordingBuild
    {
        public Target Show => _ => _.Executes(() => Record(RootDirectory));
    }

    [Fact]
    public void Root_is_the_nearest_directory_upward_containing_dot_nuke()
    {
        using var root = new TempRoot();
        var nested = Directory.CreateDirectory(Path.Combine(root.Path, "a", "b")).FullName;
        Assert.Equal(root.Path, NukeBuild.FindRoot(nested));
    }

    [Fact]
    public void Missing_dot_nuke_is_an_error()
    {
        var bare = Directory.CreateTempSubdirectory("strata-no-root-");
        try
        {
            var error = Assert.Throws<BuildInputException>(() => NukeBuild.FindRoot(bare.FullName));
            Assert.Contains("no .nuke directory found", error.Message);
        }
        finally { bare.Delete(); }
    }

    [Fact]
    public void Targets_see_the_injected_root_and_root_option_overrides_it()
    {
        using var injected = new TempRoot();
        using var overridden = new TempRoot();
        var build = new Where();
        Harness.Run(build, ["Show"], new Dictionary<string, string>(), injected);
        Harness.Run(build, ["Show", "--root", overridden.Path], new Dictionary<string, string>(), injected);
        Assert.Equal([injected.Path, overridden.Path], build.Ran);
    }
}
