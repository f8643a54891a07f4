// turboquant backend stand-in: symmetric int8 quantization of a vector with health/version/info probes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

namespace {

const char* const kUsage = "usage: run.sh health | version | info | quantize X [X...]";

struct Quantized {
    float scale;
    std::vector<int8_t> values;
};

Quantized quantize(const std::vector<float>& xs) {
    float maxAbs = 0.0f;
    for (float x : xs) maxAbs = std::max(maxAbs, std::fabs(x));
    const float scale = maxAbs > 0.0f ? maxAbs / 127.0f : 1.0f;
    Quantized q{scale, {}};
    for (float x : xs) q.values.push_back(static_cast<int8_t>(std::lround(x / scale)));
    return q;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << kUsage << "\n";
        return 2;
    }
    const std::string command = argv[1];
    if (command == "health") {
        std::cout << "ok\n";
    } else if (command == "version") {
        std::cout << BACKEND_NAME << " " << BACKEND_VERSION << "\n";
    } else if (command == "info") {
        const std::string buildType = STRATA_BUILD_TYPE;
        std::cout << "build-type " << (buildType.empty() ? "cpu" : buildType) << "\n";
    } else if (command == "quantize" && argc > 2) {
        std::vector<float> xs;
        try {
            for (int i = 2; i < argc; ++i) xs.push_back(std::stof(argv[i]));
        } catch (const std::exception&) {
            std::cerr << "quantize takes numbers; " << kUsage << "\n";
            return 2;
        }
        const Quantized q = quantize(xs);
        std::cout << "scale " << q.scale << "\n";
        float maxError = 0.0f;
        for (size_t i = 0; i < xs.size(); ++i) {
            std::cout << static_cast<int>(q.values[i]) << (i + 1 < xs.size() ? " " : "\n");
            maxError = std::max(maxError, std::fabs(xs[i] - q.values[i] * q.scale));
        }
        std::cout << "max-error " << maxError << "\n";
    } else {
        std::cerr << "unknown command or arguments '" << command << "'; " << kUsage << "\n";
        return 2;
    }
    return 0;
}
