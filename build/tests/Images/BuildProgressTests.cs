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
}
