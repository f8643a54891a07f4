#!/usr/bin/env bash
# Last step of every base: proves the accelerator toolchain of BUILD_TYPE works, so a broken SDK fails the base build
# instead of its first consumer. Compiles (and, where no device is needed, runs) a tiny program when the base has a
# host C++ compiler; otherwise the compiler's --version must answer. No GPU is needed: nothing launches a kernel.
# Inputs (environment): BUILD_TYPE.
set -euo pipefail

BUILD_TYPE=${BUILD_TYPE:-}
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

fail() { echo "verify-accelerator.sh: BUILD_TYPE='${BUILD_TYPE}': $*" >&2; exit 1; }
has_host_compiler() { command -v c++ >/dev/null || command -v g++ >/dev/null; }

verify_cuda() {
  command -v nvcc >/dev/null || fail "nvcc not found on PATH (${PATH})"
  nvcc --version | grep -E '^Cuda compilation tools' || fail "nvcc --version did not answer"
  has_host_compiler || { echo "verify-accelerator.sh: no host C++ compiler in this base; nvcc --version only"; return; }
  cat >"${work}/probe.cu" <<'EOF'
#include <cstdio>
#include <string>
#include <cuda_runtime.h>
__global__ void scale(float* x, float a) { x[threadIdx.x] *= a; }
// Without a driver (the build machine has none) the runtime answers with an error; that it answers is the check.
int main() {
  int devices = 0;
  cudaError_t status = cudaGetDeviceCount(&devices);
  std::printf("CUDA runtime %d.%d linked; devices: %s\n", CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10,
              status == cudaSuccess ? std::to_string(devices).c_str() : cudaGetErrorString(status));
  return 0;
}
EOF
  nvcc -o "${work}/probe" "${work}/probe.cu" || fail "nvcc cannot compile a kernel"
  "${work}/probe" || fail "a program built by nvcc does not run"
}

verify_hip() {
  command -v hipcc >/dev/null || fail "hipcc not found on PATH (${PATH})"
  hipcc --version || fail "hipcc --version did not answer"
  cat >"${work}/probe.hip" <<'EOF'
#include <cstdio>
#include <hip/hip_runtime.h>
__global__ void scale(float* x, float a) { x[threadIdx.x] *= a; }
int main() {
  std::printf("HIP %d.%d compiled\n", HIP_VERSION_MAJOR, HIP_VERSION_MINOR);
  return 0;
}
EOF
  # Device code for one named GPU architecture: no GPU is present to detect one from.
  hipcc --offload-arch=gfx900 -o "${work}/probe" "${work}/probe.hip" || fail "hipcc cannot compile a kernel"
  "${work}/probe" || fail "a program built by hipcc does not run"
}

verify_vulkan() {
  command -v glslc >/dev/null || fail "glslc not found on PATH (${PATH})"
  # sed, not head: head would close the pipe early and pipefail turns glslc's SIGPIPE into a failure.
  glslc --version | sed -n 1p
  cat >"${work}/probe.comp" <<'EOF'
#version 450
layout(local_size_x = 64) in;
layout(std430, binding = 0) buffer Data { float values[]; };
void main() { values[gl_GlobalInvocationID.x] *= 2.0; }
EOF
  glslc -fshader-stage=compute -o "${work}/probe.spv" "${work}/probe.comp" || fail "glslc cannot compile a compute shader"
  if command -v spirv-val >/dev/null; then spirv-val --target-env vulkan1.0 "${work}/probe.spv" || fail "glslc wrote invalid SPIR-V"; fi
  echo "verify-accelerator.sh: compute shader compiled to SPIR-V"
}

case "${BUILD_TYPE}" in
  ""|cpu|clblas) echo "verify-accelerator.sh: BUILD_TYPE='${BUILD_TYPE}': no accelerator compiler to verify" ;;
  cublas|l4t) verify_cuda ;;
  hipblas) verify_hip ;;
  vulkan) verify_vulkan ;;
  intel|sycl_f16|sycl_f32)
    ( set +u; . /opt/intel/oneapi/setvars.sh >/dev/null; icpx --version ) || fail "icpx --version did not answer" ;;
  *) fail "unknown build type" ;;
esac
