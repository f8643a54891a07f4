using Strata.Images;

namespace Strata.Tests.Images;

public class RecipeSourcesTests
{
    [Fact]
    public void Reads_the_sources_of_bind_mounts_of_the_build_context()
    {
        const string recipe = """
            ARG BASE_IMAGE=ubuntu:24.04
            FROM ${BASE_IMAGE}
            ARG TOOLS=tools
            RUN --mount=type=bind,source=scripts/install.sh,target=/install.sh sh /install.sh
            RUN --mount=type=cache,target=/root/.cache --mount=src=${TOOLS}/setup.sh,dst=/setup.sh \
                sh /setup.sh
            RUN --mount=type=bind,from=builder,source=/opt,target=/opt true
            RUN --mount=type=secret,id=token --mount=type=ssh true
            RUN --mount=type=bind,target=/src make -C /src
            RUN echo --mount=type=bind,source=not-a-flag
            """;

        Assert.Equal(["scripts/install.sh", "tools/setup.sh", "."], RecipeSources.Parse(recipe));
    }

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
