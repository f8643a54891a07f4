// saxpy-hip backend: y = a*x + y on an AMD GPU with one HIP kernel, plus health/version probes.
// Without a GPU (no /dev/kfd) health says so and still succeeds: the image is built on machines with none.
#include <hip/hip_runtime.h>

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

// hipSuccess with the device's name in `name`; otherwise why no device can be used.
hipError_t first_device(std::string& name) {
    int count = 0;
    hipError_t status = hipGetDeviceCount(&count);
    if (status != hipSuccess) return status;
    if (count == 0) return hipErrorNoDevice;
    hipDeviceProp_t properties{};
    status = hipGetDeviceProperties(&properties, 0);
    if (status == hipSuccess) name = std::string(properties.name) + " (" + properties.gcnArchName + ")";
    return status;
}

// Runs the kernel on n elements and checks every result on the host; 0 when all match.
int run_saxpy(int n) {
    const float a = 2.0f;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) { x[i] = float(i); y[i] = 1.0f; }
    float *dx = nullptr, *dy = nullptr;
    const size_t bytes = size_t(n) * sizeof(float);
    if (hipMalloc(&dx, bytes) != hipSuccess || hipMalloc(&dy, bytes) != hipSuccess) return 1;
    (void)hipMemcpy(dx, x.data(), bytes, hipMemcpyHostToDevice);
    (void)hipMemcpy(dy, y.data(), bytes, hipMemcpyHostToDevice);
    saxpy<<<(n + 255) / 256, 256>>>(n, a, dx, dy);
    hipError_t status = hipMemcpy(y.data(), dy, bytes, hipMemcpyDeviceToHost);
    (void)hipFree(dx);
    (void)hipFree(dy);
    if (status != hipSuccess) {
        std::fprintf(stderr, "saxpy: %s\n", hipGetErrorString(status));
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
        std::printf("HIP %d.%d.%d\n", HIP_VERSION_MAJOR, HIP_VERSION_MINOR, HIP_VERSION_PATCH);
        return 0;
    }
    if (command == "health") {
        std::printf("toolchain: hipcc, HIP %d.%d.%d (%s)\n", HIP_VERSION_MAJOR, HIP_VERSION_MINOR, HIP_VERSION_PATCH,
                    __VERSION__);
        std::string name;
        hipError_t status = first_device(name);
        if (status != hipSuccess) {
            std::printf("device: none (%s)\n", hipGetErrorString(status));
            return 0;
        }
        const int failed = run_saxpy(1 << 16);
        std::printf("device: %s, saxpy %s\n", name.c_str(), failed ? "FAILED" : "ok");
        return failed;
    }
    if (command == "saxpy") {
        const int n = argc > 2 ? std::atoi(argv[2]) : 1 << 20;
        std::string name;
        hipError_t status = first_device(name);
        if (status != hipSuccess) {
            std::fprintf(stderr, "saxpy: no HIP device (%s)\n", hipGetErrorString(status));
            return 3;
        }
        const int failed = run_saxpy(n);
        std::printf("saxpy n=%d on %s: %s\n", n, name.c_str(), failed ? "FAILED" : "ok");
        return failed;
    }
    std::fprintf(stderr, "%s\n", kUsage);
    return 2;
}
