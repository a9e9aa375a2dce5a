// Writing compact JSON straight into a string, without building a document
// first: for answers too large or too frequent to go through nlohmann::json
// (a week's availability, the dashboard). Strings are escaped as
// nlohmann::json's dump does with ensure_ascii off and the « replace » error
// handler: `"` `\` and control characters escaped (\b \f \n \r \t, else
// \u00xx), other characters kept as UTF-8, and each invalid UTF-8 sequence
// (its maximal valid prefix, as the Unicode standard counts them) written as
// U+FFFD. So a document written here parses to the same tree, and prints the
// same bytes, as nlohmann's compact dump of it when the keys of each object
// are written in nlohmann's order (sorted).
//
//   std::string out;
//   JsonWriter w(out);
//   w.begin_object();
//   w.key("id"); w.value(std::int64_t{3});
//   w.key("slots"); w.begin_array(); … w.end_array();
//   w.end_object();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace escale::json_text {

// Appends `text` as a JSON string (quotes included).
void append_string(std::string& out, std::string_view text);

// Commas and colons are the writer's business; the caller keeps the nesting
// right (a key inside an object before each value, ends matching begins).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    separate();
    append_string(out_, name);
    out_ += ':';
    after_key_ = true;
  }
  void value(std::string_view text) {
    separate();
    append_string(out_, text);
  }
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t n);
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void value(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  void null() {
    separate();
    out_ += "null";
  }
  // A value already written as JSON (from another writer).
  void raw(std::string_view json) {
    separate();
    out_ += json;
  }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
    }
  }
  void open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
  }
  void close(char c) {
    out_ += c;
    if (!first_.empty()) first_.pop_back();
  }

  std::string& out_;
  std::vector<bool> first_;  // per open object/array: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace escale::json_text
