// fuzz_replay: every harness of fuzz/ in one plain program (no clang, no
// libFuzzer), for CTest. `fuzz_replay NAME FOLDER` runs harness NAME over
// every file of FOLDER — its seed corpus and the crashers once found — so
// they stay regression tests in `make test`. A broken property aborts (the
// harness's FUZZ_CHECK); a crash is a crash. fuzz/CMakeLists.txt compiles
// each harness with its entry point renamed escale_fuzz_NAME and generates
// replay_harnesses.inc, the table below.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

#define ESCALE_FUZZ_HARNESS(name) extern "C" int escale_fuzz_##name(const std::uint8_t* data, std::size_t size);
#include "replay_harnesses.inc"
#undef ESCALE_FUZZ_HARNESS

namespace {

struct Harness {
  std::string_view name;
  int (*run)(const std::uint8_t*, std::size_t);
};

constexpr Harness kHarnesses[] = {
#define ESCALE_FUZZ_HARNESS(name) {#name, escale_fuzz_##name},
#include "replay_harnesses.inc"
#undef ESCALE_FUZZ_HARNESS
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fuzz_replay HARNESS CORPUS_FOLDER\n");
    return 2;
  }
  const std::string_view name = argv[1];
  const auto harness =
      std::find_if(std::begin(kHarnesses), std::end(kHarnesses), [&](const Harness& h) { return h.name == name; });
  if (harness == std::end(kHarnesses)) {
    std::fprintf(stderr, "fuzz_replay: no harness named %s\n", argv[1]);
    return 2;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(argv[2])) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "fuzz_replay: %s holds no input\n", argv[2]);
    return 1;
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s\n", file.filename().c_str());  // the last name printed is the culprit of a crash
    harness->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%s: %zu inputs replayed\n", argv[1], files.size());
  return 0;
}
