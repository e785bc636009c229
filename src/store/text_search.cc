#include "store/text_search.h"

#include "store/sqlite/db.h"

namespace liaison::store {

namespace {

// The length of the UTF-8 sequence starting with `lead`, or 0 for a byte no sequence starts with.
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The smallest string greater than every string that starts with `prefix` (non-empty, valid
// UTF-8, so its last byte is below 0xFF and can be incremented).
std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t n = sequence_length(lead);
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (n >= 3) {
      const auto second = static_cast<unsigned char>(s[i + 1]);
      if (lead == 0xE0 && second < 0xA0) return false;  // overlong
      if (lead == 0xED && second > 0x9F) return false;  // UTF-16 surrogate
      if (lead == 0xF0 && second < 0x90) return false;  // overlong
      if (lead == 0xF4 && second > 0x8F) return false;  // past U+10FFFF
    }
    i += n;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string fts_phrase(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

Result<std::optional<std::string>> search_match(Db& db, std::string_view text,
                                                const std::string& field) {
  if (utf8_length(text) != kMinSearchChars) return std::optional<std::string>(fts_phrase(text));
  // The trigram tokenizer folds case; the vocabulary holds folded trigrams. Only ASCII is
  // folded here: a two-character text with a capital outside ASCII finds nothing.
  std::string prefix(text);
  for (char& c : prefix) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT ?"));
  q.bind(1, prefix).bind(2, prefix_end(prefix)).bind(3, static_cast<int64_t>(kMaxPrefixTrigrams + 1));
  std::string match;
  size_t terms = 0;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    if (++terms > kMaxPrefixTrigrams) {
      return invalid_argument("'" + std::string(text) +
                                  "' is too common to search for alone; type at least " +
                                  std::to_string(kMinSearchChars + 1) + " characters",
                              field);
    }
    if (!match.empty()) match += " OR ";
    match += fts_phrase(q.text(0));
  }
  if (match.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(match));
}

}  // namespace liaison::store
