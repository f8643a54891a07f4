using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class MatrixValidationTests
{
    static MatrixProblem SingleProblem(string yaml) => Assert.Single(MatrixText.Reject(yaml).Problems);

    [Theory]
    [InlineData("backend", "missing backend")]
    [InlineData("dockerfile", "missing dockerfile")]
    public void A_linux_entry_without_an_identity_field_is_rejected_at_the_entry_line(string field, string message)
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a") + MatrixText.Entry("-cpu-b", (field, null)));

        Assert.Equal(11, problem.Line);
        Assert.Equal("entry '-cpu-b'", problem.Subject);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void An_entry_without_tag_suffix_is_named_by_position_and_backend()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a") + MatrixText.Entry("-cpu-b", ("tag-suffix", null)));

        Assert.Equal(11, problem.Line);
        Assert.Equal("linux entry #2 (backend 'b')", problem.Subject);
        Assert.Contains("missing tag-suffix", problem.Message);
    }

    [Fact]
    public void A_darwin_entry_needs_backend_and_tag_suffix_but_no_dockerfile()
    {
        var error = MatrixText.Reject("linux:\n" + MatrixText.Entry("-cpu-a") + """
            darwin:
              - backend: ok
                tag-suffix: -metal-ok
              - build-type: mps
                tag-suffix: -metal-nobackend
            """);

        var problem = Assert.Single(error.Problems);
        Assert.Equal(14, problem.Line);
        Assert.Equal("entry '-metal-nobackend'", problem.Subject);
        Assert.Contains("missing backend", problem.Message);
    }

    [Fact]
    public void A_duplicate_tag_suffix_for_the_same_platform_names_both_lines()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a") + MatrixText.Entry("-cpu-b")
            + MatrixText.Entry("-cpu-a", ("platforms", "'linux/arm64,linux/amd64'")));

        Assert.Equal(22, problem.Line);
        Assert.Equal("entry '-cpu-a'", problem.Subject);
        Assert.Contains("duplicate tag-suffix", problem.Message);
        Assert.Contains("line 2", problem.Message);
        Assert.Contains("linux/amd64", problem.Message);
    }

    [Fact]
    public void Entries_may_share_a_tag_suffix_when_they_build_different_platforms()
    {
        var matrix = MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-a", ("platform-tag", "amd64"))
            + MatrixText.Entry("-cpu-a", ("platforms", "linux/arm64"), ("platform-tag", "arm64")));

        Assert.Equal(2, matrix.Linux.Count);
    }

    [Theory]
    [InlineData("linux/s390x", "unknown platform 'linux/s390x'")]
    [InlineData("'linux/amd64, windows/amd64'", "unknown platform 'windows/amd64'")]
    public void A_platform_other_than_amd64_or_arm64_is_rejected_listing_the_valid_ones(string platforms, string message)
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a", ("platforms", platforms)));

        Assert.Equal(3, problem.Line);
        Assert.Contains(message, problem.Message);
        Assert.Contains("valid: linux/amd64, linux/arm64", problem.Message);
    }

    [Fact]
    public void A_comma_list_of_valid_platforms_with_spaces_is_accepted()
    {
        var entry = MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-a", ("platforms", "'linux/arm64 , linux/amd64'"))).Linux[0];

        Assert.Equal(["linux/arm64", "linux/amd64"], entry.Platforms);
    }

    [Theory]
    [InlineData("ubuntu-version", "'24.04'", 10)]
    [InlineData("cuda-major-version", "12.x", 11)]
    [InlineData("cuda-minor-version", "'eight'", 11)]
    public void A_non_numeric_version_is_rejected_at_its_line(string field, string value, int line)
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a", (field, value)));

        Assert.Equal(line, problem.Line);
        Assert.Contains($"{field} '{value.Trim('\'')}' is not a number", problem.Message);
    }

    [Theory]
    [InlineData("cublas")]
    [InlineData("l4t")]
    public void A_cuda_build_type_without_cuda_versions_is_rejected(string buildType)
    {
        var error = MatrixText.Reject("linux:\n" + MatrixText.Entry("-gpu-a", ("build-type", buildType), ("cuda-major-version", "'12'")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains($"build-type '{buildType}' needs cuda-minor-version", problem.Message);
    }

    [Theory]
    [InlineData("tag-suffix", "'-cpu-a$(reboot)'", 4, "linux entry #1 (backend 'a')")]
    [InlineData("backend", "'a b'", 7, "entry '-cpu-a'")]
    [InlineData("base-image", "'ubuntu:24.04;rm'", 5, "entry '-cpu-a'")]
    [InlineData("build-type", "'cu blas'", 2, "entry '-cpu-a'")]
    [InlineData("amdgpu-targets", "'gfx908`id`'", 11, "entry '-cpu-a'")]
    [InlineData("dockerfile", "'./backend/Dockerfile.python x'", 8, "entry '-cpu-a'")]
    public void A_value_unsafe_in_a_tag_or_shell_word_is_rejected(string field, string value, int line, string subject)
    {
        var error = MatrixText.Reject("linux:\n" + MatrixText.Entry("-cpu-a", (field, value)));

        var problem = error.Problems.First(p => p.Message.StartsWith($"{field} contains"));
        Assert.Equal(line, problem.Line);
        Assert.Equal(subject, problem.Subject);
        Assert.Contains("unsafe in an image tag or shell word", problem.Message);
    }

    [Fact]
    public void A_field_name_that_cannot_be_a_matrix_key_is_rejected()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a", ("'tag latest'", "auto")));

        Assert.Equal(11, problem.Line);
        Assert.Contains("field name 'tag latest' is not usable as a matrix key", problem.Message);
    }

    [Fact]
    public void Skip_drivers_must_be_a_boolean()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a", ("skip-drivers", "maybe")));

        Assert.Equal(6, problem.Line);
        Assert.Contains("valid: true, false", problem.Message);
    }

    [Fact]
    public void All_problems_are_reported_at_once_in_line_order_with_the_first_on_the_first_line()
    {
        var error = MatrixText.Reject("linux:\n"
            + MatrixText.Entry("-cpu-a", ("platforms", "linux/ppc64le"))
            + MatrixText.Entry("-cpu-b", ("ubuntu-version", "noble")));

        Assert.Equal([3, 19], error.Problems.Select(p => p.Line));
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(error.Problems[0].ToString(), lines[0]);
        Assert.Matches(@"^.+\.yaml:3: entry '-cpu-a': unknown platform 'linux/ppc64le' \(valid: linux/amd64, linux/arm64", lines[0]);
        Assert.Contains(error.Problems[1].ToString(), error.Message);
    }

    [Fact]
    public void Invalid_yaml_is_reported_at_its_line()
    {
        var problem = SingleProblem("linux:\n  - backend: a\n    tag-suffix: [unclosed\n");

        Assert.InRange(problem.Line, 3, 4);
        Assert.Contains("invalid YAML", problem.Message);
    }

    [Fact]
    public void A_duplicate_field_in_an_entry_is_rejected_naming_both_lines()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a") + "    backend: again\n");

        Assert.Equal(11, problem.Line);
        Assert.Contains("duplicate field 'backend' (first at line 7)", problem.Message);
    }

    [Fact]
    public void Scalar_aliases_resolve_and_collection_aliases_are_rejected()
    {
        var matrix = MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-a", ("base-image", "&img 'ubuntu:22.04'"))
            + MatrixText.Entry("-cpu-b", ("base-image", "*img")));
        var error = MatrixText.Reject("x-defaults: &d {a: 1}\nlinux:\n" + MatrixText.Entry("-cpu-a", ("extra", "*d")));

        Assert.Equal("ubuntu:22.04", matrix.Linux[1].BaseImage);
        var problem = Assert.Single(error.Problems);
        Assert.Equal(12, problem.Line);
        Assert.Contains("alias *d does not name a single value", problem.Message);
    }

    [Fact]
    public void Structural_and_field_problems_are_reported_together()
    {
        var error = MatrixText.Reject("linux:\n" + MatrixText.Entry("-cpu-a", ("platforms", "[linux/amd64]")) + MatrixText.Entry("-cpu-b", ("ubuntu-version", "x")));

        Assert.Equal([3, 19], error.Problems.Select(p => p.Line));
    }

    [Theory]
    [InlineData("builds: []\n", "unknown top-level section 'builds'")]
    [InlineData("{}\n", "no backend entries")]
    [InlineData("- a\n- b\n", "must be a mapping")]
    [InlineData("linux: []\ninclude: []\n", "both schemas")]
    [InlineData("linux: {a: 1}\n", "'linux' must be a list")]
    public void A_wrong_top_level_shape_is_rejected(string yaml, string message)
    {
        Assert.Contains(message, SingleProblem(yaml).Message);
    }

    [Fact]
    public void A_list_or_mapping_as_a_field_value_is_rejected()
    {
        var problem = SingleProblem("linux:\n" + MatrixText.Entry("-cpu-a", ("platforms", "[linux/amd64]")));

        Assert.Equal(3, problem.Line);
        Assert.Contains("field 'platforms' must be a single value", problem.Message);
    }
}
