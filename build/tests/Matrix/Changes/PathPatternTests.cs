using Strata.Matrix.Changes;

namespace Strata.Tests.Matrix.Changes;

public class PathPatternTests
{
    static (bool, string?) Match(string pattern, string path, string basesDir = ".docker/bases")
    {
        var compiled = PathPattern.TryCreate(pattern, basesDir, out var problem);
        Assert.Null(problem);
        return (compiled!.Matches(path, out var lang), lang);
    }

    [Theory]
    [InlineData("backend/python/common/", "backend/python/common/libbackend.sh", true)]
    [InlineData("backend/python/common/", "backend/python/common/deep/x.py", true)]
    [InlineData("backend/python/common/", "backend/python/commonx/a", false)]
    [InlineData("backend/backend.proto", "backend/backend.proto", true)]
    [InlineData("backend/backend.proto", "backend/backend.proto.bak", false)]
    [InlineData("backend/*.proto", "backend/backend.proto", true)]
    [InlineData("backend/*.proto", "backend/sub/backend.proto", false)]
    [InlineData("**/*_test.sh", "scripts/build/a_test.sh", true)]
    [InlineData("**/*_test.sh", "a_test.sh", true)]
    [InlineData("**/*_test.sh", "scripts/build/a_test.shx", false)]
    [InlineData("docs/**", "docs/content/index.md", true)]
    [InlineData("docs/**", "docsx/index.md", false)]
    [InlineData("scripts/?.js", "scripts/a.js", true)]
    [InlineData("scripts/?.js", "scripts/ab.js", false)]
    [InlineData("./build/", "build/Matrix/Derivation.cs", true)]
    [InlineData("a+b/(x)", "a+b/(x)", true)]
    public void Patterns_match_prefixes_globs_and_exact_paths(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, Match(pattern, path).Item1);
    }

    [Fact]
    public void Lang_binds_one_path_part_and_bases_dir_follows_the_recipe_folder()
    {
        Assert.Equal((true, "cpp"), Match("{bases-dir}/Dockerfile.{lang}", ".docker/bases/Dockerfile.cpp"));
        Assert.Equal((false, null), Match("{bases-dir}/Dockerfile.{lang}", ".docker/bases/old/Dockerfile.cpp"));
        Assert.Equal((false, null), Match("{bases-dir}/Dockerfile.{lang}", ".docker/bases/Dockerfile."));
        Assert.Equal((true, "python"), Match("{bases-dir}/Dockerfile.{lang}", "recipes/Dockerfile.python", basesDir: "recipes"));
        Assert.Equal((false, null), Match("{bases-dir}/Dockerfile.{lang}", ".docker/bases/Dockerfile.python", basesDir: "recipes"));
    }

    [Theory]
    [InlineData("", "an empty path pattern")]
    [InlineData("../x", "points outside the repository")]
    [InlineData("a/../../x", "points outside the repository")]
    [InlineData("/abs/x", "not a repository-relative path")]
    [InlineData("C:/x", "not a repository-relative path")]
    [InlineData("a\\b", "not a repository-relative path")]
    [InlineData("a/{lang}/{lang}", "{lang} may appear once")]
    [InlineData("a/{bases-dir}", "{bases-dir} may only start a pattern")]
    public void Patterns_that_can_never_match_are_refused(string pattern, string problem)
    {
        Assert.Null(PathPattern.TryCreate(pattern, ".docker/bases", out var message));
        Assert.Contains(problem, message);
    }
}
