using Strata.Matrix;

namespace Strata.Tests.EndToEnd;

/// <summary>
/// CUDA, ROCm (HIP) and Vulkan bases built on the Debian OS image from Debian's own SDK packages, each with the
/// project's saxpy backend compiled on it (nvcc, hipcc, glslc); built once by <see cref="AcceleratorFixture"/>.
/// </summary>
[Collection(AcceleratorCollection.Name)]
[Trait("Requires", "Docker")]
public sealed class AcceleratorTests(AcceleratorFixture fixture)
{
    public static TheoryData<string> Accels => new(AcceleratorFixture.Samples.Keys);

    [Theory]
    [MemberData(nameof(Accels))]
    public void The_base_and_its_backend_build_on_the_Debian_image(string accel)
    {
        var run = fixture.RunOf(accel);
        var backend = fixture.BackendOf(accel);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Succeeded", run.Row($"BuildBase[{backend.TagStem}]").Status);
        Assert.Equal("Succeeded", run.Row($"BuildBackend[{backend.Entry.TagSuffix}]").Status);
        Assert.Single(run.RowsContaining("BuildBase["));
        Assert.Single(run.RowsContaining("BuildBackend["));
        Assert.Contains(AcceleratorFixture.Samples[accel].BuildType, backend.TagStem);
        Assert.EndsWith(Stems.Slug(fixture.OsImage), backend.TagStem);
    }

    [Theory]
    [InlineData("cuda", @"Cuda compilation tools, release 11\.\d+")]
    [InlineData("rocm", @"HIP version: \d+\.\d+")]
    [InlineData("vulkan", @"shaderc v?\d+")]
    public async Task The_compiler_answers_inside_the_base(string accel, string expected)
    {
        Assert.True(fixture.RunOf(accel).ExitCode == 0, fixture.RunOf(accel).ToString());
        var baseImage = fixture.BackendOf(accel).BaseImagePrebuilt!;

        var answer = await fixture.DockerAsync(["run", "--rm", baseImage, .. AcceleratorFixture.Samples[accel].CompilerVersionCommand]);

        Assert.True(answer.ExitCode == 0, $"{string.Join(" ", AcceleratorFixture.Samples[accel].CompilerVersionCommand)} in {baseImage}: exit {answer.ExitCode}\n{answer.StandardError}");
        Assert.Matches(expected, answer.StandardOutput);
    }

    [Fact]
    public async Task The_cuda_base_records_the_toolkit_Debian_ships_and_the_verification_step_ran()
    {
        Assert.True(fixture.RunOf("cuda").ExitCode == 0, fixture.RunOf("cuda").ToString());
        var baseImage = fixture.BackendOf("cuda").BaseImagePrebuilt!;

        var package = await fixture.DockerOkAsync("run", "--rm", baseImage, "dpkg-query", "-W", "-f", "${Version}", "nvidia-cuda-toolkit");

        Assert.StartsWith("11.8.", package);
        Assert.Contains("cuda11.8", fixture.BackendOf("cuda").TagStem);
        // The base's last build step, run again inside the image: its output does not depend on whether the build
        // took that step from the layer cache.
        var verification = await fixture.DockerOkAsync("run", "--rm", "-e", "BUILD_TYPE=cublas", baseImage, "/opt/strata/bases/verify-accelerator.sh");
        Assert.Contains("CUDA runtime 11.8 linked; devices: ", verification);
    }

    [Theory]
    [InlineData("cuda", @"^toolchain: nvcc 11\.\d+\.\d+, CUDA runtime 11\.8$", @"^device: none \(.+\)$", @"^CUDA 11\.8$")]
    [InlineData("rocm", @"^toolchain: hipcc, HIP \d+\.\d+\.\d+ \(.+\)$", @"^device: none \(.+\)$", @"^HIP \d+\.\d+\.\d+$")]
    // The Vulkan base carries Mesa's CPU device (lavapipe), so the shader really runs and its result is checked.
    [InlineData("vulkan", @"^toolchain: glslc \(shaderc v?\d.+\), Vulkan headers \d+\.\d+\.\d+, loader \d+\.\d+\.\d+$", @"^device: llvmpipe.*, saxpy ok$", @"^Vulkan \d+\.\d+\.\d+$")]
    public async Task The_backends_run_sh_reports_toolchain_and_device_and_exits_0(string accel, string toolchain, string device, string version)
    {
        var run = fixture.RunOf(accel);
        Assert.True(run.ExitCode == 0, run.ToString());
        var backend = fixture.BackendOf(accel);
        var image = ImageRefs.BackendImage(fixture.BackendRepo, backend.Entry.TagSuffix);

        var files = Directory.CreateTempSubdirectory($"strata-e2e-{backend.Entry.Backend}-");
        try
        {
            var container = await fixture.DockerOkAsync("create", image, "/run.sh");
            try
            {
                await fixture.DockerOkAsync("cp", $"{container}:/.", files.FullName);
            }
            finally
            {
                await fixture.DockerAsync("rm", container);
            }

            var health = await fixture.DockerAsync("run", "--rm", "-v", $"{files.FullName}:/backend:ro", backend.BaseImagePrebuilt!, "/backend/run.sh", "health");
            Assert.True(health.ExitCode == 0, $"health: exit {health.ExitCode}\n{health.StandardOutput}\n{health.StandardError}");
            var lines = health.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(2, lines.Length);
            Assert.Matches(toolchain, lines[0]);
            Assert.Matches(device, lines[1]);

            var answer = await fixture.DockerAsync("run", "--rm", "-v", $"{files.FullName}:/backend:ro", backend.BaseImagePrebuilt!, "/backend/run.sh", "version");
            Assert.True(answer.ExitCode == 0, $"version: exit {answer.ExitCode}\n{answer.StandardError}");
            Assert.Matches(version, answer.StandardOutput.Trim());
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }
}

/// <summary>Accelerators Debian cannot provide fail the base build early, with one line naming what to do; nothing is tagged.</summary>
[Collection(AcceleratorCollection.Name)]
[Trait("Requires", "Docker")]
public sealed class AcceleratorFaultTests(AcceleratorFixture fixture)
{
    [Fact]
    public async Task A_cuda_version_Debian_does_not_ship_fails_naming_the_one_it_ships()
    {
        var prefix = fixture.UniquePrefix(fixture.Registry);

        var run = await fixture.RunAsync("BuildBase", "--lang", "cpp", "--accel", "cuda", "--cuda", "12.8",
            "--base-image", fixture.OsImage, "--base-repo", $"{prefix}/ci-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Failed", run.Row("BuildBase[").Status);
        Assert.Contains("ships CUDA 11.8 (nvidia-cuda-toolkit 11.8.", run.Output + run.Error);
        Assert.Contains("not the requested CUDA 12.8; pass --cuda 11.8", run.Output + run.Error);
        Assert.DoesNotContain("Unpacking nvidia-cuda", run.Output + run.Error);
        Assert.Empty(await fixture.LocalTagsAsync($"{prefix}/ci-cache"));
    }

    [Theory]
    [InlineData("intel", "needs an Intel oneAPI base image")]
    [InlineData("sycl_f16", "needs an Intel oneAPI base image")]
    public async Task A_vendor_only_accelerator_fails_on_Debian_with_one_clear_line(string accel, string expected)
    {
        var prefix = fixture.UniquePrefix(fixture.Registry);

        var run = await fixture.RunAsync("BuildBase", "--lang", "cpp", "--accel", accel,
            "--base-image", fixture.OsImage, "--base-repo", $"{prefix}/ci-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Failed", run.Row("BuildBase[").Status);
        Assert.Contains($"install-accelerator.sh: BUILD_TYPE='{accel}': {expected}", run.Output + run.Error);
        Assert.Contains("Debian GNU/Linux 12 (bookworm) has no /opt/intel/oneapi/setvars.sh", run.Output + run.Error);
        Assert.Empty(await fixture.LocalTagsAsync($"{prefix}/ci-cache"));
    }
}
