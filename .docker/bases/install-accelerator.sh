#!/usr/bin/env bash
# Tier-2 of a base image: the accelerator SDK for BUILD_TYPE, installed on top of the OS layer.
# The source follows the base OS: on Ubuntu the vendors' apt repositories (NVIDIA, AMD's ROCm images, Intel's
# oneAPI images); on Debian the distro's own packages (CUDA from non-free, HIP from main), because the vendor
# repositories are not reachable everywhere a Debian machine builds. A build type with no source on this OS fails
# here, before anything is installed.
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

# Debian's archive puts the CUDA toolkit in non-free (its OpenCL headers in contrib); an OS image lists only main.
enable_debian_nonfree() {
  local list=/etc/apt/sources.list deb822=/etc/apt/sources.list.d/debian.sources
  if [[ -f ${list} ]]; then
    sed -Ei '/^deb(-src)?\s/{/\snon-free(\s|$)/!s/\smain(\s|$)/ main contrib non-free\1/}' "${list}"
  fi
  if [[ -f ${deb822} ]]; then
    sed -Ei '/^Components:/{/\snon-free(\s|$)/!s/$/ contrib non-free/}' "${deb822}"
  fi
}

# The CUDA version is part of the base's stem, so it must be the one installed: Debian ships exactly one per release.
install_debian_cuda_toolkit() {
  require_cuda_version
  enable_debian_nonfree
  apt-get update
  local package_version shipped
  package_version=$(apt-cache show --no-all-versions nvidia-cuda-toolkit 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
  [[ -n ${package_version} ]] \
    || fail "Debian ${VERSION_ID} (${VERSION_CODENAME}) has no nvidia-cuda-toolkit for ${TARGETARCH} in contrib/non-free"
  shipped=$(cut -d. -f1,2 <<<"${package_version%%~*}")
  [[ ${shipped} == "${CUDA_MAJOR_VERSION}.${CUDA_MINOR_VERSION}" ]] \
    || fail "Debian ${VERSION_ID} (${VERSION_CODENAME}) ships CUDA ${shipped} (nvidia-cuda-toolkit ${package_version}), not the requested CUDA ${CUDA_MAJOR_VERSION}.${CUDA_MINOR_VERSION}; pass --cuda ${shipped}, or build on an Ubuntu upstream image to use NVIDIA's repository"
  apt_install nvidia-cuda-toolkit
  verify_cuda
}

# Debian main carries HIP (hipcc on clang, the HIP runtime, the ROCm device libraries); hipBLAS only from trixie on.
install_debian_hip() {
  if [[ ${SKIP_DRIVERS} == false ]]; then
    apt-get update
    if apt-cache show libhipblas-dev >/dev/null 2>&1; then
      apt_install hipcc libamdhip64-dev libhipblas-dev
    else
      echo "install-accelerator.sh: Debian ${VERSION_CODENAME} ships no hipBLAS; installing HIP (hipcc, libamdhip64-dev) only"
      apt_install hipcc libamdhip64-dev
    fi
  fi
  command -v hipcc >/dev/null || fail "HIP compiler hipcc not found on PATH (${PATH})"
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

# NVIDIA's packages install under /usr/local/cuda, Debian's put nvcc on /usr/bin; PATH holds both.
verify_cuda() {
  command -v nvcc >/dev/null || fail "CUDA toolkit missing: nvcc not found on PATH (${PATH})"
  nvcc --version | tail -n 2
}

case "${BUILD_TYPE}" in
  ""|cpu)
    echo "install-accelerator.sh: CPU build, no accelerator SDK" ;;

  cublas)
    if [[ ${SKIP_DRIVERS} == true ]]; then verify_cuda
    elif [[ ${ID} == debian ]]; then install_debian_cuda_toolkit
    else install_cuda_toolkit; fi ;;

  l4t)
    # JetPack images ship CUDA under /usr/local/cuda; plain Ubuntu arm64 gets it from the sbsa repository.
    [[ ${TARGETARCH} == arm64 ]] || fail "L4T (Jetson) bases are arm64 only, TARGETARCH=${TARGETARCH}"
    if [[ ${SKIP_DRIVERS} == true ]]; then require_cuda_version; verify_cuda
    elif [[ ${ID} == ubuntu ]]; then install_cuda_toolkit
    else fail "needs NVIDIA's CUDA repository (Ubuntu) or a JetPack image with skip-drivers; ${PRETTY_NAME} has neither"; fi ;;

  hipblas)
    if [[ ${ID} == debian && ! -d /opt/rocm ]]; then install_debian_hip
    else
      [[ -d /opt/rocm ]] || fail "needs a ROCm base image (e.g. rocm/dev-ubuntu-24.04:6.4.3); /opt/rocm not found"
      if [[ ${SKIP_DRIVERS} == false ]]; then apt_install hipblas-dev rocblas-dev; fi
      ls /opt/rocm/lib/libhipblas.so* >/dev/null 2>&1 || fail "hipBLAS missing under /opt/rocm/lib"
    fi ;;

  intel|sycl_f16|sycl_f32)
    [[ -f /opt/intel/oneapi/setvars.sh ]] \
      || fail "needs an Intel oneAPI base image (e.g. intel/oneapi-basekit:2025.2.0-0-devel-ubuntu24.04); ${PRETTY_NAME} has no /opt/intel/oneapi/setvars.sh and Intel's repository is not used on it"
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
