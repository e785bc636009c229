// How a text search asks the full-text index of migration 7 (`search_text`, FTS5 with the
// trigram tokenizer) for a piece of text: the MATCH expression. Pure string work except for
// two-character texts, which read the index's vocabulary on the caller's connection.
// Thread-safe (no state); the Db is the caller's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace liaison::store {

class Db;

// Trigrams need three characters; two are looked up as the prefixes of trigrams. One
// character would be a prefix of too many to be worth an index.
inline constexpr size_t kMinSearchChars = 2;
// A two-character text matches through every trigram it begins; past this many (a pair as
// common as "er") the lookup costs more than it is worth and the search asks for more text.
inline constexpr size_t kMaxPrefixTrigrams = 256;

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool valid_utf8(std::string_view s);
// The number of characters (code points) of valid UTF-8 `s`.
size_t utf8_length(std::string_view s);
// `s` as one FTS5 string (a phrase): in double quotes with inner quotes doubled, so nothing in
// it (AND, OR, NOT, NEAR, *, ^, :, -, +, parentheses, column filters) is query syntax.
std::string fts_phrase(std::string_view s);

// The MATCH expression that finds rows of `search_text` containing `text` (valid UTF-8 of at
// least kMinSearchChars characters; ASCII letters in any case): the text as one phrase, or,
// for two characters, every trigram of the index that begins with them. nullopt when no row
// can match (no such trigram); invalid_argument naming `field` when a two-character text
// begins more than kMaxPrefixTrigrams trigrams.
Result<std::optional<std::string>> search_match(Db& db, std::string_view text,
                                                const std::string& field);

}  // namespace liaison::store
