#!/usr/bin/env bash
# Tier-2 of a base image: the accelerator SDK for BUILD_TYPE, installed on top of the OS layer.
# SKIP_DRIVERS=true means the upstream image already carries the SDK; it is then verified, not installed.
# Inputs (environment): BUILD_TYPE, CUDA_MAJOR_VERSION, CUDA_MINOR_VERSION, UBUNTU_VERSION, SKIP_DRIVERS, TARGETARCH.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

BUILD_TYPE=${BUILD_TYPE:-}
SKIP_DRIVERS=${SKIP_DRIVERS:-false}
CUDA_MAJOR_VERSION=${CUDA_MAJOR_VERSION:-}
CUDA_MINOR_VERSION=${CUDA_MINOR_VERSION:-}
UBUNTU_VERSION=${UBUNTU_VERSION:-}
TARGETARCH=${TARGETARCH:-$(dpkg --print-architecture)}
VALID_BUILD_TYPES="'' (cpu), cpu, cublas, l4t, hipblas, intel, sycl_f16, sycl_f32, vulkan, clblas"

fail() { echo "install-accelerator.sh: BUILD_TYPE='${BUILD_TYPE}': $*" >&2; exit 1; }

case "${SKIP_DRIVERS}" in
  true|false) ;;
  *) fail "SKIP_DRIVERS='${SKIP_DRIVERS}' is not a boolean; valid: true, false" ;;
esac
case "${TARGETARCH}" in
  amd64|arm64) ;;
  *) fail "TARGETARCH='${TARGETARCH}' is not supported; valid: amd64, arm64" ;;
esac

. /etc/os-release

apt_install() {
  apt-get update
  apt-get install -y --no-install-recommends "$@"
  apt-get clean
  rm -rf /var/lib/apt/lists/*
}

require_cuda_version() {
  [[ ${CUDA_MAJOR_VERSION} =~ ^[0-9]+$ && ${CUDA_MINOR_VERSION} =~ ^[0-9]+$ ]] \
    || fail "needs CUDA_MAJOR_VERSION and CUDA_MINOR_VERSION (got '${CUDA_MAJOR_VERSION}'.'${CUDA_MINOR_VERSION}')"
}

# NVIDIA publishes one apt repository per distro release; arm64 servers use the 'sbsa' flavour.
nvidia_repo_distro() {
  case "${ID}" in
    ubuntu)
      local release=${VERSION_ID//./}
      if [[ -n ${UBUNTU_VERSION} && ${UBUNTU_VERSION} != "${release}" ]]; then
        fail "UBUNTU_VERSION=${UBUNTU_VERSION} but the base image is Ubuntu ${VERSION_ID}"
      fi
      echo "ubuntu${release}" ;;
    debian) echo "debian${VERSION_ID}" ;;
    *) fail "no NVIDIA CUDA repository for OS '${ID}'" ;;
  esac
}

install_cuda_toolkit() {
  require_cuda_version
  local distro arch version="${CUDA_MAJOR_VERSION}-${CUDA_MINOR_VERSION}"
  distro=$(nvidia_repo_distro)
  case "${TARGETARCH}" in
    amd64) arch=x86_64 ;;
    arm64) arch=sbsa ;;
  esac
  local repo="https://developer.download.nvidia.com/compute/cuda/repos/${distro}/${arch}"
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl
  curl -fsSL -o /tmp/cuda-keyring.deb "${repo}/cuda-keyring_1.1-1_all.deb" \
    || fail "cannot fetch the CUDA keyring from ${repo} (no CUDA repository for ${distro}/${arch}?)"
  dpkg -i /tmp/cuda-keyring.deb
  rm -f /tmp/cuda-keyring.deb
  apt_install "cuda-nvcc-${version}" "cuda-cudart-dev-${version}" "libcublas-dev-${version}"
  verify_cuda
}

verify_cuda() {
  [[ -x /usr/local/cuda/bin/nvcc ]] || fail "CUDA toolkit missing: /usr/local/cuda/bin/nvcc not found"
  /usr/local/cuda/bin/nvcc --version | tail -n 2
}

case "${BUILD_TYPE}" in
  ""|cpu)
    echo "install-accelerator.sh: CPU build, no accelerator SDK" ;;

  cublas)
    if [[ ${SKIP_DRIVERS} == true ]]; then verify_cuda; else install_cuda_toolkit; fi ;;

  l4t)
    # JetPack images ship CUDA under /usr/local/cuda; plain Ubuntu arm64 gets it from the sbsa repository.
    [[ ${TARGETARCH} == arm64 ]] || fail "L4T (Jetson) bases are arm64 only, TARGETARCH=${TARGETARCH}"
    if [[ ${SKIP_DRIVERS} == true ]]; then require_cuda_version; verify_cuda; else install_cuda_toolkit; fi ;;

  hipblas)
    [[ -d /opt/rocm ]] || fail "needs a ROCm base image (e.g. rocm/dev-ubuntu-24.04:6.4.3); /opt/rocm not found"
    if [[ ${SKIP_DRIVERS} == false ]]; then apt_install hipblas-dev rocblas-dev; fi
    ls /opt/rocm/lib/libhipblas.so* >/dev/null 2>&1 || fail "hipBLAS missing under /opt/rocm/lib" ;;

  intel|sycl_f16|sycl_f32)
    [[ -f /opt/intel/oneapi/setvars.sh ]] \
      || fail "needs an Intel oneAPI base image (e.g. intel/oneapi-basekit:2025.2.0-0-devel-ubuntu24.04); /opt/intel/oneapi/setvars.sh not found"
    ( set +u; . /opt/intel/oneapi/setvars.sh >/dev/null; command -v icpx ) \
      || fail "oneAPI DPC++ compiler icpx not found after sourcing setvars.sh" ;;

  vulkan)
    if [[ ${SKIP_DRIVERS} == false ]]; then
      apt_install libvulkan-dev libvulkan1 mesa-vulkan-drivers glslc glslang-tools spirv-tools
    fi
    command -v glslc >/dev/null || fail "Vulkan shader compiler glslc not found" ;;

  clblas)
    if [[ ${SKIP_DRIVERS} == false ]]; then apt_install libclblast-dev ocl-icd-opencl-dev; fi ;;

  *)
    fail "unknown build type; valid: ${VALID_BUILD_TYPES}" ;;
esac
