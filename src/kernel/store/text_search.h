// How a text search asks the full-text index of migration 7 (`search_text`, FTS5 with the
// trigram tokenizer over `search_docs`) for a piece of text. Pure string work, plus a few
// small reads of the index on the caller's connection. Thread-safe (no state).
//
// The index is asked for the rows that hold the text's rarest trigrams, and each of those is
// checked for the whole text (instr over its stored text). Not one phrase of all trigrams:
// FTS5 walks a phrase's trigram lists in step, and moving through a list is linear, so a
// phrase costs about the sum of its trigrams' lists — "cn-2025-0004711" would pay for "cn-",
// "n-2", "-20", "202" … which every reference has, to find one request. How rare a trigram is
// comes from a sample: the spread of the first rows that hold it.
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

// The number of characters (code points) of valid UTF-8 `s`.
size_t utf8_length(std::string_view s);
// `s` as one FTS5 string (a phrase): in double quotes with inner quotes doubled, so nothing in
// it (AND, OR, NOT, NEAR, *, ^, :, -, +, parentheses, column filters) is query syntax.
std::string fts_phrase(std::string_view s);

struct TextQuery {
  std::string match;   // MATCH expression for `search_text`: every row holding the text, and more
  std::string folded;  // the text as stored (lower()): a row holds it when instr() finds it
};

// The query for `text` (valid UTF-8 of at least kMinSearchChars characters; ASCII letters
// match in either case, other letters as written): the rarest few of its trigrams, or,
// for two characters, every trigram of the index that begins with them. nullopt when no row
// can hold the text (one of its trigrams is in none); invalid_argument naming `field` when a
// two-character text begins more than kMaxPrefixTrigrams trigrams.
Result<std::optional<TextQuery>> text_query(Db& db, std::string_view text,
                                            const std::string& field);

// The statement that reads a search's candidates: `select` (a select list over the index's
// texts, `search_docs` as `d`, with its own `?` parameters) of every row that may hold the
// text, the most recently written text first; TextQuery::match binds to the parameter after
// those of `select`. The index's own condition is written only here (a PostgreSQL store would
// write its trigram index's).
std::string text_candidates_sql(std::string_view select);

}  // namespace liaison::store
