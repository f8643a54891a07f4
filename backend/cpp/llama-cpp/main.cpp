// llama-cpp backend stand-in: a greedy bigram text completer with health/version/info probes.
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

const char* const kUsage = "usage: run.sh health | version | info | complete WORD [N]";

const char* const kCorpus =
    "the base image is built once and every backend image is built on the base image "
    "the backend image holds only the backend package and the base image holds the toolchain";

using Bigrams = std::map<std::string, std::map<std::string, int>>;

Bigrams train(const std::string& corpus) {
    std::istringstream in(corpus);
    std::vector<std::string> words{std::istream_iterator<std::string>(in), {}};
    Bigrams model;
    for (size_t i = 0; i + 1 < words.size(); ++i) ++model[words[i]][words[i + 1]];
    return model;
}

std::string complete(const Bigrams& model, std::string word, int steps) {
    std::string out = word;
    for (int i = 0; i < steps; ++i) {
        auto next = model.find(word);
        if (next == model.end()) break;
        const std::pair<const std::string, int>* best = nullptr;
        for (const auto& candidate : next->second)
            if (!best || candidate.second > best->second) best = &candidate;
        word = best->first;
        out += " " + word;
    }
    return out;
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
    } else if (command == "complete" && (argc == 3 || argc == 4)) {
        const int steps = argc == 4 ? std::stoi(argv[3]) : 8;
        std::cout << complete(train(kCorpus), argv[2], steps) << "\n";
    } else {
        std::cerr << "unknown command or arguments '" << command << "'; " << kUsage << "\n";
        return 2;
    }
    return 0;
}
