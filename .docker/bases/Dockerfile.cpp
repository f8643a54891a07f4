# Strata tier-1+2 base image for C/C++ backends: OS packages, accelerator SDK, C/C++ toolchain.
# Built once per stem (lang x build type x ubuntu x CUDA x upstream image); consumed through BASE_IMAGE_PREBUILT.
# Build context: the repository root.
ARG BASE_IMAGE=ubuntu:24.04
FROM ${BASE_IMAGE}

ARG BASE_IMAGE=ubuntu:24.04
ARG BUILD_TYPE=
ARG CUDA_MAJOR_VERSION=
ARG CUDA_MINOR_VERSION=
ARG UBUNTU_VERSION=2404
ARG SKIP_DRIVERS=false
ARG TARGETARCH

ENV DEBIAN_FRONTEND=noninteractive \
    BUILD_TYPE=${BUILD_TYPE} \
    PATH=/usr/local/cuda/bin:/opt/rocm/bin:${PATH}
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

COPY .docker/bases/install-os.sh /opt/strata/bases/install-os.sh
RUN /opt/strata/bases/install-os.sh

COPY .docker/bases/install-accelerator.sh /opt/strata/bases/install-accelerator.sh
RUN BUILD_TYPE="${BUILD_TYPE}" CUDA_MAJOR_VERSION="${CUDA_MAJOR_VERSION}" CUDA_MINOR_VERSION="${CUDA_MINOR_VERSION}" \
    UBUNTU_VERSION="${UBUNTU_VERSION}" SKIP_DRIVERS="${SKIP_DRIVERS}" TARGETARCH="${TARGETARCH}" \
    /opt/strata/bases/install-accelerator.sh

RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake ninja-build pkg-config \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# Last build step: a broken accelerator toolchain fails the base here, not in its first consumer.
COPY .docker/bases/verify-accelerator.sh /opt/strata/bases/verify-accelerator.sh
RUN /opt/strata/bases/verify-accelerator.sh

# Declared last: the stem and inputs hash change labels only, never the cached layers above.
ARG TAG_STEM=
ARG INPUTS_HASH=
LABEL org.opencontainers.image.title="strata-base-cpp" \
      org.opencontainers.image.description="Strata C/C++ base: ${BUILD_TYPE:-cpu} on ${BASE_IMAGE}" \
      org.opencontainers.image.source="https://github.com/strata-build/strata" \
      org.opencontainers.image.base.name="${BASE_IMAGE}" \
      strata.lang="cpp" \
      strata.stem="${TAG_STEM}" \
      strata.inputs-hash="${INPUTS_HASH}" \
      strata.build-type="${BUILD_TYPE}"
