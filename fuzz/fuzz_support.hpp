// What the harnesses share: the libFuzzer entry point's signature, a check
// that holds in release builds too (fuzz_replay is built with NDEBUG), and a
// splitter for inputs made of several fields, and the file a configuration
// harness writes its input to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// A property the parser must keep: on failure, say which and crash (libFuzzer
// then saves the input; fuzz_replay fails its CTest).
#define FUZZ_CHECK(condition)                                                               \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)

namespace escale::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The fields of a structured input, separated by the unit separator (0x1F):
// "a\x1fb\x1f" → {"a", "b", ""}. Missing fields read as empty.
class Fields {
 public:
  explicit Fields(std::string_view text) {
    while (true) {
      const auto sep = text.find('\x1f');
      fields_.push_back(text.substr(0, sep));
      if (sep == std::string_view::npos) break;
      text.remove_prefix(sep + 1);
    }
  }
  std::string_view operator[](std::size_t i) const { return i < fields_.size() ? fields_[i] : std::string_view(); }
  std::size_t size() const { return fields_.size(); }
  // A number made of the field's first bytes (0 when empty).
  std::int64_t number(std::size_t i) const {
    std::uint64_t v = 0;
    const auto f = (*this)[i];
    for (std::size_t k = 0; k < f.size() && k < 8; ++k) v = (v << 8) | static_cast<unsigned char>(f[k]);
    return static_cast<std::int64_t>(v);
  }

 private:
  std::vector<std::string_view> fields_;
};

// The configuration readers take a path, as the programs give them: the input
// goes to this file first (one per process, so parallel runs do not share
// it; removed at exit), in memory (/dev/shm) when there is one: a disk write
// per execution would make the disk the fuzzer's limit.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name)
      : path_(folder() / ("escale-fuzz-" + std::to_string(::getpid()) + "-" + name)) {}
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::filesystem::path& write(std::string_view text) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc)
        .write(text.data(), static_cast<std::streamsize>(text.size()));
    return path_;
  }

 private:
  static std::filesystem::path folder() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }
  std::filesystem::path path_;
};

}  // namespace escale::fuzz
