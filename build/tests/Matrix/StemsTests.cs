using Strata.GitHub;
using Strata.Matrix;

namespace Strata.Tests.Matrix;

public class StemsTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("ubuntu:24.04", "")]
    [InlineData("ubuntu:22.04", "ubuntu-22.04")]
    [InlineData("nvcr.io/nvidia/l4t-jetpack:r36.4.0", "jetpack-r36.4.0")]
    [InlineData("nvcr.io/nvidia/l4t-jetpack:latest", "jetpack-x")]
    [InlineData("rocm/dev-ubuntu-24.04:7.2.1", "rocm-7.2.1")]
    [InlineData("rocm/dev-ubuntu-22.04:6.4.3", "rocm-6.4.3")]
    [InlineData("intel/oneapi-basekit:2025.3.0-0-devel-ubuntu24.04", "oneapi-2025.3.0")]
    [InlineData("intel/oneapi-basekit:2025.3.2-0-devel-ubuntu24.04", "oneapi-2025.3.2")]
    [InlineData("quay.io/go-skynet/intel-oneapi-base:latest", "intel-oneapi-base-latest")]
    [InlineData("nvidia/cuda:13.0.0-devel-ubuntu24.04", "cuda-13.0.0-devel-ubuntu24.04")]
    [InlineData("registry.local:5000/team/img_name:v1", "imgname-v1")]
    [InlineData("localhost:5000/rocm/dev-ubuntu-24.04:7.0", "rocm-7.0")]
    public void Slug_names_the_upstream_image(string image, string slug)
    {
        Assert.Equal(slug, Stems.Slug(image));
    }

    [Theory]
    [InlineData("python", "", "2404", "", "", "ubuntu:24.04", "python-cpu-2404")]
    [InlineData("python", "", "", "", "", "", "python-cpu-2404")]
    [InlineData("cpp", "cublas", "2404", "12", "8", "ubuntu:24.04", "cpp-cublas-2404-cuda12.8")]
    [InlineData("python", "l4t", "2204", "12", "0", "nvcr.io/nvidia/l4t-jetpack:r36.4.0", "python-l4t-2204-cuda12.0-jetpack-r36.4.0")]
    [InlineData("golang", "hipblas", "2404", "", "", "rocm/dev-ubuntu-24.04:7.2.1", "golang-hipblas-2404-rocm-7.2.1")]
    [InlineData("cpp", "sycl_f32", "2404", "", "", "intel/oneapi-basekit:2025.3.2-0-devel-ubuntu24.04", "cpp-sycl_f32-2404-oneapi-2025.3.2")]
    [InlineData("python", "vulkan", "2404", "12", "8", "ubuntu:24.04", "python-vulkan-2404")]
    public void Stem_is_lang_build_type_ubuntu_cuda_and_slug(string lang, string buildType, string ubuntu, string major, string minor, string image, string stem)
    {
        Assert.Equal(stem, Stems.For(lang, buildType, ubuntu, major, minor, image));
    }

    [Theory]
    [InlineData("./backend/Dockerfile.python", "python", "python")]
    [InlineData("./backend/Dockerfile.golang", "golang", "golang")]
    [InlineData("./backend/Dockerfile.llama-cpp", "llama-cpp", "cpp")]
    [InlineData("./backend/Dockerfile.ik-llama-cpp", "ik-llama-cpp", "cpp")]
    [InlineData("./backend/Dockerfile.turboquant", "turboquant", "cpp")]
    [InlineData("./backend/Dockerfile.rust", "rust", "rust")]
    [InlineData("./backend/Dockerfile.ds4", "ds4", "ds4")]
    [InlineData("./backend/Dockerfile", null, null)]
    [InlineData("./backend/python.Dockerfile", null, null)]
    public void Lang_comes_from_the_dockerfile_suffix_with_the_seed_rules_merging_the_cpp_trio(string dockerfile, string? kind, string? lang)
    {
        var entry = new BackendEntry("m.yaml", MatrixSection.Linux, 0, 1, [new MatrixField(FieldNames.Dockerfile, dockerfile, 1)]);

        Assert.Equal(kind, Langs.KindOf(dockerfile));
        Assert.Equal(lang, Fixtures.SeedRules.BaseLangOf(entry));
    }

    [Fact]
    public void A_single_flavour_from_parameters_is_named_and_shaped_like_a_derived_one()
    {
        var arm = BaseFlavour.For("cpp", "l4t", "", "12", "0", "nvcr.io/nvidia/l4t-jetpack:r36.4.0", ["linux/arm64"], "true");
        var both = BaseFlavour.For("python", "intel", "2404", "", "", "intel/oneapi-basekit:2025.3.0-0-devel-ubuntu24.04",
            ["linux/arm64", "linux/amd64", "linux/arm64"], "true");

        Assert.Equal(("cpp-l4t-2404-cuda12.0-jetpack-r36.4.0", "2404", "ubuntu-24.04-arm", "true", "linux/arm64"),
            (arm.TagStem, arm.UbuntuVersion, RunnerPolicy.RunsOn(arm.Platforms), arm.SkipDrivers, arm.PlatformList));
        Assert.Equal(("python-intel-2404-oneapi-2025.3.0", "ubuntu-latest", "false", "linux/amd64,linux/arm64"),
            (both.TagStem, RunnerPolicy.RunsOn(both.Platforms), both.SkipDrivers, both.PlatformList));
        Assert.Empty(both.Consumers);
    }

    [Fact]
    public void Image_refs_are_spelled_in_one_place()
    {
        Assert.Equal("quay.io/x/ci-cache:base-image-python-cpu-2404", ImageRefs.BaseImage("quay.io/x/ci-cache", "python-cpu-2404", null));
        Assert.Equal("quay.io/x/ci-cache:base-image-python-cpu-2404-pr12", ImageRefs.BaseImage("quay.io/x/ci-cache", "python-cpu-2404", 12));
        Assert.Equal("r:base-cpp-vulkan-2404", ImageRefs.BaseCache("r", "cpp-vulkan-2404"));
        Assert.Equal("r:cache-cpu-vllm", ImageRefs.BackendCache("r", "-cpu-vllm"));
        Assert.Equal("quay.io/x/local-ai-backends:latest-cpu-vllm", ImageRefs.BackendImage("quay.io/x/local-ai-backends", "-cpu-vllm", null));
        Assert.Equal("b:latest-cpu-vllm-pr7", ImageRefs.BackendImage("b", "-cpu-vllm", 7));
    }

    [Fact]
    public void Base_recipes_are_the_langs_with_a_dockerfile_in_the_bases_dir()
    {
        var dir = Directory.CreateTempSubdirectory("strata-bases-").FullName;
        try
        {
            foreach (var name in new[] { "Dockerfile.python", "Dockerfile.cpp", "apt.sh", "README.md" })
                File.WriteAllText(Path.Combine(dir, name), "");

            Assert.Equal(["cpp", "python"], BaseRecipes.Discover(dir).Order());
            Assert.Empty(BaseRecipes.Discover(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
