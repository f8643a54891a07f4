using System.Diagnostics;
using Strata.Matrix;
using Strata.Tests.Matrix;

namespace Strata.Tests.Hardening;

/// <summary>Issue #14 items 3, 4, 8, 10, 11 in the matrix: mistakes that were accepted silently, values that were trusted.</summary>
public class MatrixHardeningTests
{
    static MatrixProblem Single(string yaml) => Assert.Single(MatrixText.Reject(yaml).Problems);

    [Theory]
    [InlineData("linx:\n", "unknown top-level section 'linx'; did you mean 'linux'?")]
    [InlineData("includedarwin:\n", "unknown top-level section 'includedarwin'; did you mean 'includeDarwin'?")]
    public void A_misspelt_section_is_an_error_with_its_line(string typo, string message)
    {
        var problem = Single("include:\n" + MatrixText.Entry("-cpu-a") + typo + "  - backend: x\n    tag-suffix: -metal-x\n");

        Assert.Equal(11, problem.Line);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void Extension_blocks_hold_anchors_and_are_not_sections()
    {
        var matrix = MatrixText.Load("x-common: &image ubuntu:22.04\nlinux:\n" + MatrixText.Entry("-cpu-a", ("base-image", "*image")));
        Assert.Equal("ubuntu:22.04", matrix.Linux[0].BaseImage);
    }

    [Fact]
    public void A_second_yaml_document_is_an_error()
    {
        var problem = Single("linux:\n" + MatrixText.Entry("-cpu-a") + "---\nlinux:\n" + MatrixText.Entry("-cpu-b"));

        Assert.Equal(11, problem.Line);
        Assert.Contains("a second YAML document", problem.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_quickly_with_its_line()
    {
        var yaml = "linux:\n" + MatrixText.Entry("-cpu-a") + "    extra: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var stopwatch = Stopwatch.StartNew();

        var problem = Single(yaml);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        Assert.Equal(11, problem.Line);
        Assert.Contains($"nesting deeper than {MatrixShape.MaxDepth} levels", problem.Message);
    }

    [Theory]
    [InlineData("backend", "--plan", "backend '--plan' is not a name")]
    [InlineData("backend", "..", "backend '..' is not a name")]
    [InlineData("build-type", "-x", "build-type '-x' is not a name")]
    [InlineData("base-image", "--push", "base-image '--push' starts with '-'")]
    [InlineData("runs-on", "-h", "runs-on '-h' starts with '-'")]
    [InlineData("dockerfile", "../../etc/Dockerfile", "leaves the repository")]
    [InlineData("dockerfile", "/etc/Dockerfile", "is absolute")]
    [InlineData("context", "..", "leaves the repository")]
    [InlineData("context", "a/../../b", "leaves the repository")]
    [InlineData("source-dir", "/home/runner", "is absolute")]
    [InlineData("context", "--force", "starts with '-'")]
    public void Values_are_checked_against_what_they_are(string field, string value, string message)
    {
        var problem = Single("linux:\n" + MatrixText.Entry("-cpu-a", (field, $"'{value}'")));

        Assert.Contains(message, problem.Message);
        Assert.Matches(@":\d+: ", problem.ToString());
    }

    [Fact]
    public void A_tag_suffix_may_start_with_a_dash_but_must_fit_a_docker_tag()
    {
        MatrixText.Load("linux:\n" + MatrixText.Entry("-h"));
        var longest = "-" + new string('a', MatrixValidation.MaxTagSuffixLength - 1);
        MatrixText.Load("linux:\n" + MatrixText.Entry(longest));

        var problem = Single("linux:\n" + MatrixText.Entry(longest + "b"));

        Assert.Contains("would exceed Docker's 128", problem.Message);
        Assert.Equal(128, ImageRefs.BackendImage("r", longest, int.MaxValue).Length - "r:".Length);
    }

    [Fact]
    public void Values_and_field_names_have_length_limits()
    {
        var longValue = Single("linux:\n" + MatrixText.Entry("-cpu-a", ("note", new string('x', MatrixShape.MaxValueLength + 1))));
        var longName = Single("linux:\n" + MatrixText.Entry("-cpu-a", (new string('f', MatrixShape.MaxFieldNameLength + 1), "x")));

        Assert.Contains($"at most {MatrixShape.MaxValueLength}", longValue.Message);
        Assert.Contains($"at most {MatrixShape.MaxFieldNameLength} characters", longName.Message);
    }

    [Theory]
    [InlineData("ubuntu-version", "\"24\\n::add-mask::x\"")]
    [InlineData("backend", "\"x\\n::stop-commands::y\"")]
    [InlineData("note", "\"a\\r::warning::b\"")]
    public void A_problem_quoting_a_value_with_line_breaks_stays_one_line(string field, string value)
    {
        var error = MatrixText.Reject("linux:\n" + MatrixText.Entry("-cpu-a", (field, value)));

        Assert.All(error.Problems, problem => Assert.DoesNotMatch("[\r\n]", problem.ToString()));
        Assert.DoesNotContain(error.Message.Split('\n'), line => line.TrimStart().StartsWith("::", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backend")]
    [InlineData("context")]
    [InlineData("lang")]
    [InlineData("note")]
    public void A_NUL_character_is_refused_like_any_other_control_character(string field)
    {
        var problem = Single("linux:\n" + MatrixText.Entry("-cpu-a", (field, "\"ab\\0cd\"")));

        Assert.Contains("contains the character U+0000", problem.Message);
    }

    [Fact]
    public void A_missing_matrix_file_names_the_file_without_a_line_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"strata-missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<MatrixException>(() => MatrixFile.Load(path));

        Assert.Equal($"{path}: backend matrix file not found", error.Message);
    }

    [Fact]
    public void Changed_paths_are_linear_in_the_input()
    {
        var deep = string.Concat(Enumerable.Repeat("a/", 100_000)) + "f";
        var many = Enumerable.Range(0, 300).Select(i => string.Concat(Enumerable.Repeat($"d{i}/", 2_000)) + "f").ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        var paths = new ChangedPaths([deep, .. many]);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MiB");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        Assert.True(paths.TouchesDirectory("a/a/a/"));
        Assert.True(paths.TouchesDirectory("d7/d7/"));
        Assert.False(paths.TouchesDirectory("d7/d8/"));
        Assert.False(paths.TouchesDirectory("b/"));
    }

    [Theory]
    [InlineData("backend/python/echo/x.py", "backend/python/echo/", true)]
    [InlineData("backend/python/echo", "backend/python/echo/", false)]
    [InlineData("backend/python/echo2/x.py", "backend/python/echo/", false)]
    [InlineData("./backend/go/hello/main.go", "backend/go/", true)]
    public void Changed_paths_answer_directory_queries(string file, string directory, bool touched) =>
        Assert.Equal(touched, new ChangedPaths(["zzz/a", file, "aaa/b"]).TouchesDirectory(directory));

    [Fact]
    public void A_path_resolving_outside_the_repository_through_a_symbolic_link_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("strata-repo-").FullName;
        var outside = Directory.CreateTempSubdirectory("strata-outside-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
            Directory.CreateDirectory(Path.Combine(root, "backend"));

            Assert.Equal(Path.Combine(root, "backend"), RepositoryPath.Resolve(root, "./backend", "context"));
            var error = Assert.Throws<InputException>(() => RepositoryPath.Resolve(root, "escape/sub", "context"));
            Assert.Contains("outside the repository", error.Message);
            Assert.Throws<InputException>(() => RepositoryPath.Resolve(root, "../x", "source-dir"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(outside, recursive: true);
        }
    }
}
