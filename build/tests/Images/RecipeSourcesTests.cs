using Strata.Images;

namespace Strata.Tests.Images;

public class RecipeSourcesTests
{
    [Fact]
    public void Reads_copy_and_add_sources_but_not_stage_copies_urls_or_heredocs()
    {
        const string recipe = """
            # syntax=docker/dockerfile:1
            ARG BASE_IMAGE=ubuntu:24.04
            FROM ${BASE_IMAGE} AS builder
            ARG SCRIPTS=scripts
            COPY --chmod=755 ${SCRIPTS}/install.sh \
                 common/*.txt /opt/
            ADD https://example.com/file.tgz /tmp/
            COPY ["requirements.txt", "/app/"]
            COPY <<EOF /etc/motd
            hello
            EOF
            FROM scratch
            COPY --from=builder /opt /opt
            # COPY commented.txt /nowhere
            ADD --chown=1:1 vendor /vendor
            """;

        Assert.Equal(["scripts/install.sh", "common/*.txt", "requirements.txt", "vendor"], RecipeSources.Parse(recipe));
    }

    [Fact]
    public void Build_args_override_arg_defaults_in_sources()
    {
        const string recipe = "ARG FLAVOUR=cpu\nFROM x\nCOPY files/$FLAVOUR/ /opt/\n";

        Assert.Equal(["files/cpu/"], RecipeSources.Parse(recipe));
        Assert.Equal(["files/cuda/"], RecipeSources.Parse(recipe, new Dictionary<string, string> { ["FLAVOUR"] = "cuda" }));
    }
}
