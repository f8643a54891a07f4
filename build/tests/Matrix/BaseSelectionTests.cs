using Strata.GitHub;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class BaseSelectionTests
{
    static readonly IReadOnlyList<BaseFlavour> Bases =
    [
        BaseFlavour.For("python", "", "2404", "", "", "ubuntu:24.04", ["linux/amd64", "linux/arm64"], "false"),
        BaseFlavour.For("python", "cublas", "2404", "12", "8", "ubuntu:24.04", ["linux/amd64"], "false"),
        BaseFlavour.For("python", "cublas", "2404", "13", "0", "ubuntu:24.04", ["linux/amd64"], "false"),
        BaseFlavour.For("python", "vulkan", "2404", "", "", "ubuntu:24.04", ["linux/amd64"], "true"),
    ];

    [Fact]
    public void A_unique_match_is_the_matrix_flavour()
    {
        var flavour = BaseSelection.Resolve(Bases, new BaseQuery("python", ""));
        Assert.Same(Bases[0], flavour);
    }

    [Fact]
    public void Several_matches_are_narrowed_by_the_default_cuda_version_then_by_flags()
    {
        Assert.Same(Bases[1], BaseSelection.Resolve(Bases, new BaseQuery("python", "cublas") { DefaultCudaVersion = "12.8" }));
        Assert.Same(Bases[2], BaseSelection.Resolve(Bases, new BaseQuery("python", "cublas") { CudaVersion = "13.0", DefaultCudaVersion = "12.8" }));
        var error = Assert.Throws<ArgumentException>(() => BaseSelection.Resolve(Bases, new BaseQuery("python", "cublas")));
        Assert.Contains("python-cublas-2404-cuda12.8, python-cublas-2404-cuda13.0", error.Message);
    }

    [Fact]
    public void Platform_and_skip_drivers_filter_the_matrix_flavours()
    {
        Assert.Same(Bases[0], BaseSelection.Resolve(Bases, new BaseQuery("python", "") { Platform = "linux/arm64" }));
        Assert.Same(Bases[3], BaseSelection.Resolve(Bases, new BaseQuery("python", "vulkan") { SkipDrivers = "true" }));
    }

    [Fact]
    public void A_flavour_the_matrix_lacks_is_composed_with_the_same_stem_rules()
    {
        var flavour = BaseSelection.Resolve(Bases, new BaseQuery("rust", "hipblas") { DefaultBaseImage = "rocm/dev-ubuntu-24.04:6.4.3" });

        Assert.Equal("rust-hipblas-2404-rocm-6.4.3", flavour.TagStem);
        Assert.Equal(["linux/amd64"], flavour.Platforms);
        Assert.Equal("ubuntu-latest", RunnerPolicy.RunsOn(flavour.Platforms));
    }

    [Theory]
    [InlineData("13")]
    [InlineData("13.x")]
    [InlineData(".1")]
    public void A_malformed_cuda_version_is_rejected(string cuda)
    {
        var error = Assert.Throws<ArgumentException>(() => BaseSelection.Resolve(Bases, new BaseQuery("golang", "cublas") { CudaVersion = cuda }));
        Assert.Contains($"--cuda: '{cuda}'", error.Message);
    }

    [Fact]
    public void A_cuda_flavour_without_any_cuda_version_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => BaseSelection.Resolve(Bases, new BaseQuery("golang", "l4t")));
        Assert.Contains("needs a CUDA version", error.Message);
    }

    [Fact]
    public void The_upstream_image_override_touches_only_the_selected_entries()
    {
        var matrix = MatrixFile.Parse("""
            include:
              - backend: echo
                tag-suffix: '-cpu-echo'
                dockerfile: ./backend/Dockerfile.python
                base-image: ubuntu:24.04
              - backend: echo
                tag-suffix: '-gpu-vulkan-echo'
                build-type: vulkan
                dockerfile: ./backend/Dockerfile.python
                base-image: ubuntu:24.04
            """, "inline.yaml");

        var overridden = UpstreamImageOverride.Apply(matrix, "strata/bookworm:minbase", entry => entry.BuildType.Length == 0);

        Assert.Equal("strata/bookworm:minbase", overridden.Linux[0].BaseImage);
        Assert.Equal("ubuntu:24.04", overridden.Linux[1].BaseImage);
        Assert.Equal(matrix.Linux[0].Fields.Select(f => f.Name), overridden.Linux[0].Fields.Select(f => f.Name));
    }

    [Fact]
    public void The_backend_filter_names_what_is_available_when_nothing_matches()
    {
        var plan = Derivation.Derive(MatrixFile.Parse("""
            include:
              - backend: echo
                tag-suffix: '-cpu-echo'
                dockerfile: ./backend/Dockerfile.python
            """, "inline.yaml"), new DeriveOptions { LangsWithBase = new HashSet<string> { "python" }, BaseRepo = "r" });

        var error = Assert.Throws<ArgumentException>(() => new BackendFilter { Backends = ["nosuch"] }.Apply(plan.Backends));

        Assert.Contains("--backend nosuch", error.Message);
        Assert.Contains("backends in the matrix: echo", error.Message);
    }
}
