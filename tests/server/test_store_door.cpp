// One door to the database (issue 16): SQL is written only in server/store/
// and kiosk/store/. This test reads the sources of server/, kiosk/ and
// shared/ and fails, naming the file and line, when a file outside the store
// folders prepares or runs a statement (`.prepare(`, `.cached(`, `.exec(`,
// sqlite3_prepare/exec, store::Statement) or holds SQL in a string literal.
//
// Allowed, and why (keep this list short):
//   shared/store/  the SQLite driver under the door (Database, Statement,
//                  Transaction, migrate): its BEGIN/COMMIT/PRAGMA are the
//                  door's own mechanism, not domain SQL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Literal {
  int line = 0;
  std::string text;  // adjacent literals ("a " "b") joined
};

struct Scanned {
  std::string code;  // comments removed, literal contents blanked (newlines kept)
  std::vector<Literal> literals;
};

// A small C++ lexer: enough to tell comments, string and character literals
// (raw strings too) from code.
Scanned scan(const std::string& src) {
  Scanned out;
  out.code.reserve(src.size());
  int line = 1;
  bool join = false;  // only whitespace since the last literal ended
  const std::size_t n = src.size();
  std::size_t i = 0;
  auto add_literal = [&](int at, std::string text) {
    if (join && !out.literals.empty()) {
      out.literals.back().text += text;
    } else {
      out.literals.push_back({at, std::move(text)});
    }
    join = true;
  };
  while (i < n) {
    const char c = src[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < n && src[i + 1] == '/') {
      while (i < n && src[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && src[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(src[i] == '*' && src[i + 1] == '/')) {
        if (src[i] == '\n') {
          ++line;
          out.code += '\n';
        }
        ++i;
      }
      i += 2;
      continue;
    }
    if (c == 'R' && i + 1 < n && src[i + 1] == '"' &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(src[i - 1])) || src[i - 1] == 'u' || src[i - 1] == '8' ||
         src[i - 1] == 'L')) {
      const std::size_t open = src.find('(', i + 2);
      const std::string delimiter = ")" + src.substr(i + 2, open - (i + 2)) + "\"";
      const std::size_t close = src.find(delimiter, open);
      const int at = line;
      std::string text = src.substr(open + 1, close - open - 1);
      for (char t : text) {
        if (t == '\n') {
          ++line;
          out.code += '\n';
        }
      }
      add_literal(at, std::move(text));
      out.code += "\"\"";
      i = close + delimiter.size();
      continue;
    }
    if (c == '"') {
      std::string text;
      ++i;
      while (i < n && src[i] != '"') {
        if (src[i] == '\\' && i + 1 < n) {
          text += src[i + 1];
          i += 2;
          continue;
        }
        text += src[i++];
      }
      ++i;
      add_literal(line, std::move(text));
      out.code += "\"\"";
      continue;
    }
    if (c == '\'') {
      // A character literal, or a digit separator (30'000): skip to the closing quote
      // only when it is close (a character literal is at most a few characters).
      const std::size_t close = src.find('\'', i + 1);
      const bool digit_separator = i > 0 && std::isxdigit(static_cast<unsigned char>(src[i - 1]));
      if (!digit_separator && close != std::string::npos && close - i <= 4) {
        out.code += "' '";
        i = close + 1;
        join = false;
        continue;
      }
    }
    if (!std::isspace(static_cast<unsigned char>(c))) join = false;
    out.code += c;
    ++i;
  }
  return out;
}

int line_of(const std::string& code, std::size_t pos) {
  return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// Statements made or run. An argument that is a number is not SQL (Beast's
// `buffer.prepare(4096)`).
const std::regex kCall(
    R"(((\.|->)\s*(prepare|cached|exec)\s*\((?!\s*\d))|sqlite3_(prepare\w*|exec)\s*\(|Statement\s*(\w+\s*)?[({])");

// SQL in a literal: a statement's first words (upper case, as the project
// writes SQL). A bare "BEGIN" is also iCalendar's (BEGIN:VEVENT is written
// as line("BEGIN", "VEVENT")): a transaction is caught by its exec( anyway.
const std::regex kSql(
    R"(^\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|REPLACE\s+INTO\s|WITH\s+\w+\s+AS\s*\(|)"
    R"(PRAGMA\s|VACUUM\b|BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)\b|COMMIT\s*;?\s*$|ROLLBACK\b|SAVEPOINT\s|)"
    R"(RELEASE\s+\w|CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)\s))");

bool is_source(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".cc";
}

bool allowed(const std::string& relative) {
  for (const char* folder : {"server/store/", "kiosk/store/", "shared/store/"}) {
    if (relative.rfind(folder, 0) == 0) return true;
  }
  return false;
}

// "file:line: what" for each statement outside the store folders.
std::vector<std::string> violations(const std::string& relative, const std::string& source) {
  std::vector<std::string> out;
  const Scanned s = scan(source);
  for (auto it = std::sregex_iterator(s.code.begin(), s.code.end(), kCall); it != std::sregex_iterator(); ++it) {
    out.push_back(relative + ":" + std::to_string(line_of(s.code, static_cast<std::size_t>(it->position()))) +
                  ": runs a statement « " + it->str() + " »");
  }
  for (const auto& literal : s.literals) {
    if (std::regex_search(literal.text, kSql))
      out.push_back(relative + ":" + std::to_string(literal.line) + ": SQL « " + literal.text.substr(0, 60) + " »");
  }
  return out;
}

}  // namespace

TEST_CASE("the store door's scanner finds statements and SQL, and nothing else", "[store][door]") {
  // What it must find…
  CHECK(violations("x.cpp", "void f(Database& db) { db.prepare(\"SELECT 1\").step(); }").size() == 2);
  CHECK(violations("x.cpp", "auto st = db->cached(kSql);").size() == 1);
  CHECK(violations("x.cpp", "db.exec(\"BEGIN IMMEDIATE\");").size() == 2);
  CHECK(violations("x.cpp", "const char* q =\n  \"DELETE FROM visits \"\n  \"WHERE id = ?\";").size() == 1);
  CHECK(violations("x.cpp", "const char* q = R\"(INSERT OR IGNORE INTO badges (uid) VALUES (?))\";").size() == 1);
  CHECK(violations("x.cpp", "auto s = \"  UPDATE members SET roles = ? WHERE id = ?\";").size() == 1);
  CHECK(violations("x.cpp", "sqlite3_exec(h, sql, nullptr, nullptr, nullptr);").size() == 1);
  CHECK(violations("x.cpp", "store::Statement st(db.handle(), sql);").size() == 1);
  CHECK(violations("x.cpp", "db.exec(\"COMMIT\");").size() == 2);
  // …and what it must not: Beast's buffers, comments, English or French
  // words, certificates, an iCalendar BEGIN:VEVENT.
  CHECK(violations("x.cpp", "read(buffer_.prepare(4096));").empty());
  CHECK(violations("x.cpp", "// db.prepare(\"SELECT 1\") in a comment\n/* DELETE FROM x */").empty());
  CHECK(violations("x.cpp", "auto a = \"Select a desk\"; auto b = \"Mise à jour\"; char c = '\"';").empty());
  CHECK(violations("x.cpp", "auto e = \"expected -----BEGIN CERTIFICATE-----\";").empty());
  CHECK(violations("x.cpp", "out += line(\"BEGIN\", \"VEVENT\"); int n = 30'000;").empty());
  CHECK(violations("x.cpp", "out += line(\"BEGIN:VCALENDAR\");").empty());
}

TEST_CASE("SQL is written only in server/store and kiosk/store", "[store][door]") {
  const fs::path root = ESCALE_SOURCE_DIR;
  std::vector<std::string> found;
  int files = 0;
  for (const char* top : {"server", "kiosk", "shared"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (!entry.is_regular_file() || !is_source(entry.path())) continue;
      const std::string relative = fs::relative(entry.path(), root).generic_string();
      if (allowed(relative)) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      ++files;
      for (auto& v : violations(relative, text.str())) found.push_back(std::move(v));
    }
  }
  CHECK(files > 100);  // the scan did read the sources
  std::string report;
  for (const auto& v : found) report += v + "\n";
  INFO("Move each statement behind a named store function in server/store/ (or kiosk/store/):\n" << report);
  CHECK(found.empty());
}
