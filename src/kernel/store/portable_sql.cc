#include "store/portable_sql.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace liaison::store {

namespace {

// SQLite functions a PostgreSQL store does not have under the same name and meaning
// (json_extract and instr are in the subset: a PostgreSQL store defines them, portable_sql.h).
// clang-format off
constexpr std::array<std::string_view, 42> kSqliteFunctions = {
    "last_insert_rowid", "changes", "total_changes", "ifnull", "group_concat", "printf",
    "format", "strftime", "datetime", "julianday", "date", "time", "unixepoch", "json_each",
    "json_tree", "json_group_array", "json_group_object", "json_object", "json_array",
    "json_set", "json_insert", "json_replace", "json_remove", "json_patch", "json_type",
    "json_valid", "json_quote", "json", "glob", "likely", "unlikely", "likelihood", "typeof",
    "randomblob", "hex", "zeroblob", "total", "iif", "bm25", "highlight", "snippet", "char"};
// clang-format on

struct Token {
  std::string text;  // a word in lower case, or punctuation as written
  bool word = false;
};

// Words (lower-cased), numbers (as "0") and punctuation; string literals and comments are
// skipped, a quoted identifier stands as the word "\"".
std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> out;
  size_t i = 0;
  const size_t n = sql.size();
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  };
  while (i < n) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      size_t j = i + 1;
      for (; j < n; ++j) {
        if (sql[j] == close) {
          if (close != ']' && j + 1 < n && sql[j + 1] == close) {
            ++j;  // a doubled quote inside
            continue;
          }
          break;
        }
      }
      if (c != '\'') out.push_back({"\"", true});
      i = j + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < n && (is_word(sql[i]) || sql[i] == '.')) ++i;
      out.push_back({"0", false});
    } else if (is_word(c)) {
      size_t j = i;
      std::string w;
      while (j < n && is_word(sql[j])) w += static_cast<char>(std::tolower(sql[j++]));
      out.push_back({std::move(w), true});
      i = j;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '>') {
      const bool two = i + 2 < n && sql[i + 2] == '>';
      out.push_back({two ? "->>" : "->", false});
      i += two ? 3 : 2;
    } else {
      out.push_back({std::string(1, c), false});
      ++i;
    }
  }
  return out;
}

bool is(const std::vector<Token>& t, size_t i, std::string_view text) {
  return i < t.size() && t[i].text == text;
}

// How many arguments the call whose "(" is at t[open] has (0 for "()").
int argument_count(const std::vector<Token>& t, size_t open) {
  int depth = 0, commas = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i].text == "(") {
      ++depth;
    } else if (t[i].text == ")") {
      if (--depth == 0) return (i == open + 1) ? 0 : commas + 1;
    } else if (t[i].text == "," && depth == 1) {
      ++commas;
    }
  }
  return commas + 1;
}

// Whether the second argument of the call whose "(" is at t[open] starts with a minus sign
// (SQLite's substr counts a negative start from the end, PostgreSQL's does not).
bool second_argument_negative(const std::vector<Token>& t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i].text == "(") {
      ++depth;
    } else if (t[i].text == ")") {
      if (--depth == 0) return false;
    } else if (t[i].text == "," && depth == 1) {
      return is(t, i + 1, "-");
    }
  }
  return false;
}

// The construct token i starts, or "".
std::string construct_at(const std::vector<Token>& t, size_t i) {
  const std::string& w = t[i].text;
  if (!t[i].word) return w == "->" || w == "->>" ? "JSON " + w : "";
  const bool call = is(t, i + 1, "(");
  if (call &&
      std::find(kSqliteFunctions.begin(), kSqliteFunctions.end(), w) != kSqliteFunctions.end()) {
    return w + "()";
  }
  if (call && (w == "min" || w == "max") && argument_count(t, i + 1) > 1) {
    return "min/max of several values";
  }
  if (call && (w == "substr" || w == "substring") && second_argument_negative(t, i + 1)) {
    return "substr from the end";
  }
  if (w == "insert" && is(t, i + 1, "or")) return "INSERT OR";
  if (w == "replace" && i == 0) return "REPLACE INTO";
  if (w == "pragma") return "PRAGMA";
  if (w == "rowid" || w == "_rowid_" || w == "oid") return "rowid";
  if (w == "match" || w == "glob" || w == "regexp") return "MATCH/GLOB/REGEXP";
  // SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
  if (w == "like") return "LIKE";
  if (w == "collate") return "COLLATE";
  if (w == "indexed") return "INDEXED BY";
  if (w.rfind("sqlite_", 0) == 0) return "sqlite_ catalogue";
  if (w == "is") {
    size_t j = is(t, i + 1, "not") ? i + 2 : i + 1;
    if (!(is(t, j, "null") || is(t, j, "true") || is(t, j, "false") || is(t, j, "distinct"))) {
      return "IS between values";
    }
  }
  if (w == "conflict" && is(t, i + 1, "do") && is(t, i + 2, "update")) {
    return "ON CONFLICT DO UPDATE without a target";
  }
  if (w == "limit" && i + 2 < t.size() && t[i + 2].text == ",") return "LIMIT a, b";
  return "";
}

}  // namespace

std::vector<std::string> non_portable_constructs(std::string_view sql) {
  const std::vector<Token> t = tokenize(sql);
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string c = construct_at(t, i);
    if (!c.empty() && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

}  // namespace liaison::store
