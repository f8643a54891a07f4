using Strata.Images;

namespace Strata.Tests.Images;

public class BuildArgumentsTests
{
    static ImageBuildRequest Request(string? cacheTo = "reg:5000/strata/base:base-cpu", bool push = false) => new()
    {
        Dockerfile = ".docker/bases/Dockerfile.python",
        ContextDir = ".docker/bases",
        Tags = ["reg:5000/strata/base:base-image-cpu-python", "reg:5000/strata/base:extra"],
        BuildArgs = [new("BUILD_TYPE", ""), new("BASE_IMAGE", "ubuntu:24.04"), new("A", "x=y")],
        Labels = [new("strata.lang", "python")],
        Platform = "linux/arm64",
        CacheFrom = ["reg:5000/strata/base:base-cpu"],
        CacheTo = cacheTo,
        Push = push,
    };

    static List<string> ValuesOf(IReadOnlyList<string> arguments, string option) =>
        arguments.Select((argument, index) => (argument, index))
            .Where(pair => pair.argument == option)
            .Select(pair => arguments[pair.index + 1])
            .ToList();

    [Fact]
    public void Buildx_writes_a_registry_cache_and_loads_when_not_pushing()
    {
        var arguments = BuildxArguments.For(Request());

        Assert.Equal(["buildx", "build"], arguments.Take(2));
        Assert.Equal(".docker/bases/Dockerfile.python", ValuesOf(arguments, "-f").Single());
        Assert.Equal("linux/arm64", ValuesOf(arguments, "--platform").Single());
        Assert.Equal(["BUILD_TYPE=", "BASE_IMAGE=ubuntu:24.04", "A=x=y"], ValuesOf(arguments, "--build-arg"));
        Assert.Equal(["strata.lang=python"], ValuesOf(arguments, "--label"));
        Assert.Equal(["reg:5000/strata/base:base-image-cpu-python", "reg:5000/strata/base:extra"], ValuesOf(arguments, "-t"));
        Assert.Equal(["type=registry,ref=reg:5000/strata/base:base-cpu"], ValuesOf(arguments, "--cache-from"));
        Assert.Equal(["type=registry,ref=reg:5000/strata/base:base-cpu,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true"], ValuesOf(arguments, "--cache-to"));
        Assert.Contains("--load", arguments);
        Assert.DoesNotContain("--push", arguments);
        Assert.Contains("--progress=plain", arguments);
        Assert.Equal(".docker/bases", arguments[^1]);
    }

    [Fact]
    public void Buildx_on_a_pull_request_reads_the_cache_but_never_writes_it()
    {
        var arguments = BuildxArguments.For(Request(cacheTo: null, push: true));

        Assert.DoesNotContain("--cache-to", arguments);
        Assert.Single(ValuesOf(arguments, "--cache-from"));
        Assert.Contains("--push", arguments);
        Assert.DoesNotContain("--load", arguments);
    }

    [Fact]
    public void Buildx_keeps_an_unpushed_multi_platform_build_in_the_cache_instead_of_loading_it()
    {
        var unpushed = BuildxArguments.For(Request() with { Platform = "linux/amd64,linux/arm64" });
        var pushed = BuildxArguments.For(Request(push: true) with { Platform = "linux/amd64,linux/arm64" });

        Assert.Equal("linux/amd64,linux/arm64", ValuesOf(unpushed, "--platform").Single());
        Assert.DoesNotContain("--load", unpushed);
        Assert.DoesNotContain("--push", unpushed);
        Assert.Contains("--push", pushed);
        Assert.True(BuildxArguments.IsMultiPlatform("linux/amd64,linux/arm64"));
        Assert.False(BuildxArguments.IsMultiPlatform("linux/arm64"));
    }

    [Fact]
    public void Buildx_passes_network_target_and_pull_only_when_set()
    {
        var plain = BuildxArguments.For(Request());
        Assert.DoesNotContain("--network", plain);
        Assert.DoesNotContain("--target", plain);
        Assert.DoesNotContain("--pull", plain);

        var arguments = BuildxArguments.For(Request() with { Network = "host", Target = "builder", Pull = true });
        Assert.Equal("host", ValuesOf(arguments, "--network").Single());
        Assert.Equal("builder", ValuesOf(arguments, "--target").Single());
        Assert.Contains("--pull", arguments);
        Assert.Equal(".docker/bases", arguments[^1]);
    }

    [Fact]
    public void Engine_embeds_an_inline_cache_and_reads_plain_cache_refs()
    {
        var arguments = EngineArguments.For(Request() with { Network = "host" });

        Assert.Equal("build", arguments[0]);
        Assert.Equal(".docker/bases/Dockerfile.python", ValuesOf(arguments, "-f").Single());
        Assert.Equal(["BUILDKIT_INLINE_CACHE=1", "BUILD_TYPE=", "BASE_IMAGE=ubuntu:24.04", "A=x=y"], ValuesOf(arguments, "--build-arg"));
        Assert.Equal(["reg:5000/strata/base:base-cpu"], ValuesOf(arguments, "--cache-from"));
        Assert.Equal(["reg:5000/strata/base:base-image-cpu-python", "reg:5000/strata/base:extra"], ValuesOf(arguments, "-t"));
        Assert.Equal(["strata.lang=python"], ValuesOf(arguments, "--label"));
        Assert.Equal("host", ValuesOf(arguments, "--network").Single());
        Assert.Equal("linux/arm64", ValuesOf(arguments, "--platform").Single());
        Assert.DoesNotContain("--cache-to", arguments);
        Assert.DoesNotContain("--push", arguments);
        Assert.Equal(".docker/bases", arguments[^1]);
        Assert.Equal("1", EngineArguments.Environment["DOCKER_BUILDKIT"]);
    }

    [Fact]
    public void Engine_on_a_pull_request_exports_no_inline_cache()
    {
        var arguments = EngineArguments.For(Request(cacheTo: null) with { Platform = null });

        Assert.DoesNotContain("BUILDKIT_INLINE_CACHE=1", arguments);
        Assert.Equal(["reg:5000/strata/base:base-cpu"], ValuesOf(arguments, "--cache-from"));
        Assert.DoesNotContain("--platform", arguments);
        Assert.DoesNotContain("--network", arguments);
    }
}

public class BuildDriverSelectionTests
{
    [Fact]
    public void Reads_the_builder_driver_from_buildx_inspect()
    {
        const string container = "Name:          strata\nDriver:        docker-container\nLast Activity: 2026-11-27 16:00:00 +0000 UTC\n\nNodes:\nName:      strata0\nEndpoint:  unix:///var/run/docker.sock\n";
        Assert.Equal("docker-container", BuildDrivers.BuilderDriver(container));
        Assert.Equal("docker", BuildDrivers.BuilderDriver(container.Replace("docker-container", "docker")));
        Assert.Null(BuildDrivers.BuilderDriver("Name: x\n"));
    }

    [Theory]
    [InlineData("docker-container", false, true)]
    [InlineData("remote", false, true)]
    [InlineData("kubernetes", false, true)]
    [InlineData("docker", true, true)]
    [InlineData("docker", false, false)]
    [InlineData(null, true, false)]
    public void Registry_caches_need_a_container_builder_or_the_containerd_image_store(string? driver, bool containerdStore, bool exports)
    {
        Assert.Equal(exports, BuildDrivers.ExportsRegistryCache(driver, containerdStore));
    }

    [Fact]
    public void The_containerd_image_store_is_read_from_the_engines_driver_status()
    {
        // docker info of Docker 26 with {"features": {"containerd-snapshotter": true}}, and of the classic overlay2 store.
        string[][] containerd = [["driver-type", "io.containerd.snapshotter.v1"]];
        string[][] classic = [["Backing Filesystem", "extfs"], ["Supports d_type", "true"], ["Native Overlay Diff", "true"]];

        Assert.True(ContainerdImageStore.IsReportedBy(containerd));
        Assert.False(ContainerdImageStore.IsReportedBy(classic));
        Assert.False(ContainerdImageStore.IsReportedBy(null));
    }
}
