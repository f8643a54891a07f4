// saxpy-cuda backend: y = a*x + y on an NVIDIA GPU with one CUDA kernel, plus health/version probes.
// Without a GPU (or without the driver) health says so and still succeeds: the image is built on machines with none.
#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const char* const kUsage = "usage: run.sh health | version | saxpy [N]";

__global__ void saxpy(int n, float a, const float* x, float* y) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}

// The runtime is linked statically (nvcc's default), so its version is the one compiled in; asking the runtime
// needs a driver, which a machine without a GPU does not have.
void print_toolchain() {
    std::printf("toolchain: nvcc %d.%d.%d, CUDA runtime %d.%d\n", __CUDACC_VER_MAJOR__, __CUDACC_VER_MINOR__,
                __CUDACC_VER_BUILD__, CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10);
}

// 0 with the device's name in `name`; otherwise why no device can be used.
cudaError_t first_device(std::string& name) {
    int count = 0;
    cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) return status;
    if (count == 0) return cudaErrorNoDevice;
    cudaDeviceProp properties{};
    status = cudaGetDeviceProperties(&properties, 0);
    if (status == cudaSuccess)
        name = std::string(properties.name) + " (compute " + std::to_string(properties.major) + "." +
               std::to_string(properties.minor) + ")";
    return status;
}

// Runs the kernel on n elements and checks every result on the host; 0 when all match.
int run_saxpy(int n) {
    const float a = 2.0f;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) { x[i] = float(i); y[i] = 1.0f; }
    float *dx = nullptr, *dy = nullptr;
    const size_t bytes = size_t(n) * sizeof(float);
    if (cudaMalloc(&dx, bytes) != cudaSuccess || cudaMalloc(&dy, bytes) != cudaSuccess) return 1;
    cudaMemcpy(dx, x.data(), bytes, cudaMemcpyHostToDevice);
    cudaMemcpy(dy, y.data(), bytes, cudaMemcpyHostToDevice);
    saxpy<<<(n + 255) / 256, 256>>>(n, a, dx, dy);
    cudaError_t status = cudaMemcpy(y.data(), dy, bytes, cudaMemcpyDeviceToHost);
    cudaFree(dx);
    cudaFree(dy);
    if (status != cudaSuccess) {
        std::fprintf(stderr, "saxpy: %s\n", cudaGetErrorString(status));
        return 1;
    }
    for (int i = 0; i < n; ++i)
        if (std::fabs(y[i] - (a * x[i] + 1.0f)) > 1e-3f) {
            std::fprintf(stderr, "saxpy: y[%d] = %g, expected %g\n", i, y[i], a * x[i] + 1.0f);
            return 1;
        }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "%s\n", kUsage);
        return 2;
    }
    const std::string command = argv[1];
    if (command == "version") {
        std::printf("CUDA %d.%d\n", CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10);
        return 0;
    }
    if (command == "health") {
        print_toolchain();
        std::string name;
        cudaError_t status = first_device(name);
        if (status != cudaSuccess) {
            std::printf("device: none (%s)\n", cudaGetErrorString(status));
            return 0;
        }
        const int failed = run_saxpy(1 << 16);
        std::printf("device: %s, saxpy %s\n", name.c_str(), failed ? "FAILED" : "ok");
        return failed;
    }
    if (command == "saxpy") {
        const int n = argc > 2 ? std::atoi(argv[2]) : 1 << 20;
        std::string name;
        cudaError_t status = first_device(name);
        if (status != cudaSuccess) {
            std::fprintf(stderr, "saxpy: no CUDA device (%s)\n", cudaGetErrorString(status));
            return 3;
        }
        const int failed = run_saxpy(n);
        std::printf("saxpy n=%d on %s: %s\n", n, name.c_str(), failed ? "FAILED" : "ok");
        return failed;
    }
    std::fprintf(stderr, "%s\n", kUsage);
    return 2;
}
