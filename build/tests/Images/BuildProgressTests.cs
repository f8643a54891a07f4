using Strata.Images;

namespace Strata.Tests.Images;

public class BuildProgressTests
{
    static string Recorded(string name) => File.ReadAllText(TestData.File(name));

    [Fact]
    public void A_build_that_ran_a_step_is_not_all_cached() =>
        Assert.False(BuildProgress.AllStepsCached(Recorded("engine-built.progress.txt")));

    [Fact]
    public void A_build_whose_every_step_says_CACHED_is_all_cached() =>
        Assert.True(BuildProgress.AllStepsCached(Recorded("engine-cached.progress.txt")));

    [Fact]
    public void One_rerun_step_among_cached_ones_is_not_all_cached() =>
        Assert.False(BuildProgress.AllStepsCached(Recorded("engine-partly-cached.progress.txt")));

    [Fact]
    public void Named_stages_and_buildx_timestamps_are_understood()
    {
        const string built = """
            #5 [builder 1/3] FROM docker.io/library/debian:bookworm@sha256:abc
            #5 resolve docker.io/library/debian:bookworm 0.1s done
            #6 [builder 2/3] RUN make
            #6 0.512 gcc -o app app.c
            #6 DONE 1.2s
            #7 [stage-1 1/1] COPY --from=builder /out /
            #7 CACHED
            #8 exporting to image
            #8 DONE 0.1s
            """;
        Assert.False(BuildProgress.AllStepsCached(built));
        Assert.True(BuildProgress.AllStepsCached(built.Replace("#6 DONE 1.2s", "#6 CACHED")));
    }

    // From a CI run: both platforms' last step came from the registry cache; BuildKit printed the amd64 one's layer
    // download as its progress and ended it DONE, never CACHED.
    const string FromTheRegistryCache = """
        #5 [linux/amd64 1/4] FROM 127.0.0.1:5000/os/bookworm:minbase@sha256:4c66
        #5 DONE 0.0s
        #9 [linux/amd64 3/4] RUN mkdir -p /opt/strata
        #9 CACHED
        #12 [linux/arm64 4/4] RUN printf 'x' > /opt/strata/about
        #12 CACHED
        #13 [linux/amd64 4/4] RUN printf 'x' > /opt/strata/about
        #13 sha256:f14402879a30570604eb300a26876b82bbd629327cb1d2fde87061852c5e124d 191B / 191B 0.0s done
        #13 DONE 0.1s
        #14 exporting to image
        #14 DONE 0.4s
        """;

    [Fact]
    public void A_step_whose_layer_came_from_the_registry_cache_is_cached_though_it_ends_DONE() =>
        Assert.True(BuildProgress.AllStepsCached(FromTheRegistryCache));

    [Fact]
    public void A_step_that_printed_output_of_its_command_ran_whatever_else_it_reports() =>
        Assert.False(BuildProgress.AllStepsCached(FromTheRegistryCache.Replace("#13 DONE 0.1s", "#13 0.081 about written\n#13 DONE 0.1s")));

    [Fact]
    public void A_silent_step_that_ended_DONE_without_a_layer_download_ran() =>
        Assert.False(BuildProgress.AllStepsCached(FromTheRegistryCache.Replace(
            "#13 sha256:f14402879a30570604eb300a26876b82bbd629327cb1d2fde87061852c5e124d 191B / 191B 0.0s done\n", "")));
}
