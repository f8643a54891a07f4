using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class MatrixFileTests
{
    [Fact]
    public void Reads_both_schemas_with_fields_in_order_and_their_lines()
    {
        var linuxDarwin = MatrixText.Load("""
            linux:
              - backend: vllm
                dockerfile: ./backend/Dockerfile.python
                tag-suffix: "-cpu-vllm"
                amdgpu-targets: gfx908
            darwin:
              - backend: whisper
                tag-suffix: -metal-whisper
                lang: go
            """);
        var include = MatrixText.Load("""
            # comment
            include:
              - backend: vllm
                dockerfile: ./backend/Dockerfile.python
                tag-suffix: "-cpu-vllm"
                platform-tag: amd64
            includeDarwin: []
            """);

        Assert.Equal(MatrixSchema.LinuxDarwin, linuxDarwin.Schema);
        var entry = Assert.Single(linuxDarwin.Linux);
        Assert.Equal(2, entry.Line);
        Assert.Equal(["backend", "dockerfile", "tag-suffix", "amdgpu-targets"], entry.Fields.Select(f => f.Name));
        Assert.Equal([2, 3, 4, 5], entry.Fields.Select(f => f.Line));
        Assert.Equal("gfx908", entry.Get("amdgpu-targets"));
        var darwin = Assert.Single(linuxDarwin.Darwin);
        Assert.Equal(("whisper", "go", 7), (darwin.Backend, darwin.Lang, darwin.Line));

        Assert.Equal(MatrixSchema.IncludeIncludeDarwin, include.Schema);
        Assert.Equal(3, Assert.Single(include.Linux).Line);
        Assert.Equal("amd64", include.Linux[0].Get("platform-tag"));
        Assert.Empty(include.Darwin);
    }

    [Fact]
    public void Scalars_become_strings_as_written_with_lowercase_booleans()
    {
        var matrix = MatrixText.Load("""
            linux:
              - backend: b
                dockerfile: ./backend/Dockerfile.python
                tag-suffix: -gpu-b
                build-type: cublas
                cuda-major-version: 12
                cuda-minor-version: 0
                ubuntu-version: 2404
                skip-drivers: True
                tag-latest: false
                quoted: "True"
                empty:
                tilde: ~
                version: 1.10
            """);

        var entry = matrix.Linux[0];
        Assert.Equal("12", entry.CudaMajorVersion);
        Assert.Equal("0", entry.CudaMinorVersion);
        Assert.Equal("2404", entry.UbuntuVersion);
        Assert.Equal("true", entry.SkipDrivers);
        Assert.Equal("false", entry.TagLatest);
        Assert.Equal("True", entry.Get("quoted"));
        Assert.Equal("", entry.Get("empty"));
        Assert.True(entry.Has("empty"));
        Assert.Equal("", entry.Get("tilde"));
        Assert.Equal("1.10", entry.Get("version"));
    }

    [Fact]
    public void Typed_accessors_read_their_fields_and_platforms_are_parsed()
    {
        var entry = MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-x",
            ("platforms", "'linux/amd64, linux/arm64'"), ("source-dir", "backend/custom/x"), ("runs-on", "ubuntu-latest"))).Linux[0];

        Assert.Equal(["linux/amd64", "linux/arm64"], entry.Platforms);
        Assert.Equal("backend/custom/x", entry.SourceDir);
        Assert.Equal("ubuntu-latest", entry.RunsOn);
        Assert.Equal("./", entry.Context);
        Assert.Equal("x", entry.Backend);
        Assert.Equal("./backend/Dockerfile.python", entry.Dockerfile);
        Assert.Equal("", entry.BuildType);
        Assert.Equal("ubuntu:24.04", entry.BaseImage);
        Assert.Equal("-cpu-x", entry.TagSuffix);
    }

    [Fact]
    public void Absent_platforms_mean_amd64()
    {
        var entry = MatrixText.Load("linux:\n" + MatrixText.Entry("-cpu-x", ("platforms", null))).Linux[0];

        Assert.Equal(["linux/amd64"], entry.Platforms);
    }

    [Fact]
    public void A_missing_file_is_a_matrix_error_naming_the_path()
    {
        var error = Assert.Throws<MatrixException>(() => MatrixFile.Load("/nonexistent/backend-matrix.yaml"));

        Assert.StartsWith("/nonexistent/backend-matrix.yaml:", error.Message);
    }
}
