#include "store/text_search.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace liaison::store {

namespace {

// Where each character of valid UTF-8 `s` starts, and s.size() last.
std::vector<size_t> char_starts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

// Trigrams sampled at most (evenly spread over a long text).
constexpr size_t kMaxSampledTrigrams = 12;
// Rows sampled per trigram.
constexpr int kSampleRows = 64;
// The candidates are the rows holding the text's rarest trigrams: at most this many of them...
constexpr size_t kMaxLeadTrigrams = 3;
// ...and beyond the rarest, only those in fewer than this share of the rows.
constexpr double kMaxLeadDensity = 0.25;

// The smallest string greater than every string that starts with `prefix` (non-empty, valid
// UTF-8, so its last byte is below 0xFF and can be incremented).
std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

}  // namespace

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

namespace {

// The rarest few trigrams of `text` (at least three characters, folded), ANDed.
Result<std::optional<std::string>> rare_trigrams(Db& db, const std::string& text) {
  const std::vector<size_t> starts = char_starts(text);
  const size_t trigrams = starts.size() - 1 - 2;
  if (trigrams == 1) return std::optional<std::string>(fts_phrase(text));
  // (Two subqueries: SQLite looks a lone min() or max() up in the index, but scans for both.)
  // (Statements prepared once per connection: searches run on a few long-lived ones.)
  LIAISON_ASSIGN_OR_RETURN(Stmt * bounds_stmt,
                           db.cached("SELECT coalesce((SELECT max(docid) FROM search_docs) - "
                                     "(SELECT min(docid) FROM search_docs) + 1, 1)"));
  double rows = 1.0;
  {
    StmtReset reset_bounds(*bounds_stmt);
    LIAISON_ASSIGN_OR_RETURN(bool row, bounds_stmt->step());
    if (row) rows = static_cast<double>(std::max<int64_t>(1, bounds_stmt->int64(0)));
  }
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * sample_stmt,
      db.cached("SELECT count(*), coalesce(max(rowid) - min(rowid), 0) FROM "
                "(SELECT rowid FROM search_text WHERE search_text MATCH ? LIMIT ?)"));
  Stmt& sample = *sample_stmt;
  StmtReset reset_sample(sample);
  struct Trigram {
    std::string text;
    double density;
  };
  std::vector<Trigram> sampled;
  const size_t stride = std::max<size_t>(1, trigrams / kMaxSampledTrigrams);
  for (size_t i = 0; i < trigrams; i += stride) {
    std::string t = text.substr(starts[i], starts[i + 3] - starts[i]);
    if (std::any_of(sampled.begin(), sampled.end(),
                    [&](const Trigram& s) { return s.text == t; })) {
      continue;
    }
    sample.reset();
    sample.bind(1, fts_phrase(t)).bind(2, static_cast<int64_t>(kSampleRows));
    LIAISON_ASSIGN_OR_RETURN(bool got, sample.step());
    const int64_t count = got ? sample.int64(0) : 0;
    if (count == 0) return std::optional<std::string>();  // in no row, so the text is in none
    const double density = count < kSampleRows ? static_cast<double>(count) / rows
                                               : static_cast<double>(kSampleRows) /
                                                     static_cast<double>(sample.int64(1) + 1);
    sampled.push_back({std::move(t), density});
  }
  std::sort(sampled.begin(), sampled.end(),
            [](const Trigram& a, const Trigram& b) { return a.density < b.density; });
  // The rarest always; the next ones while they are rare enough to leave fewer candidates
  // (common trigrams of one word mostly come together, and only add list to walk).
  std::string match = fts_phrase(sampled[0].text);
  for (size_t i = 1; i < std::min(sampled.size(), kMaxLeadTrigrams); ++i) {
    if (sampled[i].density > kMaxLeadDensity) break;
    match += " AND " + fts_phrase(sampled[i].text);
  }
  return std::optional<std::string>(std::move(match));
}

// Every trigram of the index that begins with `prefix` (two characters, folded), ORed.
Result<std::optional<std::string>> prefixed_trigrams(Db& db, const std::string& prefix,
                                                     const std::string& field) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt * prefixed,
      db.cached("SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT ?"));
  Stmt& q = *prefixed;
  StmtReset reset_q(q);
  q.bind(1, prefix)
      .bind(2, prefix_end(prefix))
      .bind(3, static_cast<int64_t>(kMaxPrefixTrigrams + 1));
  std::string match;
  size_t terms = 0;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    if (++terms > kMaxPrefixTrigrams) {
      return invalid_argument("'" + prefix + "' is too common to search for alone; type at least " +
                                  std::to_string(kMinSearchChars + 1) + " characters",
                              field);
    }
    if (!match.empty()) match += " OR ";
    match += fts_phrase(q.text(0));
  }
  if (match.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(match));
}

// The index's structure record (FTS5 keeps it at id 10 of search_text_data): it changes with
// every write to the index (each flush adds a segment and counts its leaves; merges and
// deletions rewrite it), so while it stays the same the index holds the same texts. With the
// schema's version, which changes when the index is dropped and made again (its write
// counter then starts over).
Result<std::string> index_version(Db& db) {
  LIAISON_ASSIGN_OR_RETURN(Stmt * q,
                           db.cached("SELECT (SELECT schema_version FROM pragma_schema_version), "
                                     "(SELECT block FROM search_text_data WHERE id = 10)"));
  StmtReset reset(*q);
  LIAISON_ASSIGN_OR_RETURN(bool row, q->step());
  if (!row) return std::string();
  return std::to_string(q->int64(0)) + ':' + q->blob(1);
}

// The trigrams each text was last looked up by (its MATCH expression, or none when no row can
// hold it), per database file, valid while the index's structure record is the one they were
// found under. Finding them reads more of the index than the search itself: a sample of a
// dozen trigrams' lists, or for two characters the vocabulary, which counts every entry of
// every trigram it lists (10-30 ms for a pair as common as 勒索 over a million requests).
class PlanCache {
 public:
  std::optional<std::optional<std::string>> find(const std::string& key,
                                                 const std::string& version) {
    std::lock_guard lock(mu_);
    auto it = plans_.find(key);
    if (it == plans_.end() || it->second.version != version) return std::nullopt;
    return it->second.match;
  }
  void put(std::string key, std::string version, std::optional<std::string> match) {
    std::lock_guard lock(mu_);
    if (plans_.size() >= kMaxPlans) plans_.clear();
    plans_[std::move(key)] = Plan{std::move(version), std::move(match)};
  }

 private:
  static constexpr size_t kMaxPlans = 4096;
  struct Plan {
    std::string version;
    std::optional<std::string> match;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Plan> plans_;
};

PlanCache& plan_cache() {
  static PlanCache cache;
  return cache;
}

}  // namespace

std::string text_candidates_sql(std::string_view select) {
  std::string sql = "SELECT ";
  sql += select;
  sql +=
      " FROM search_text h JOIN search_docs d ON d.docid = h.rowid "
      "WHERE search_text MATCH ? ORDER BY h.rowid DESC";
  return sql;
}

Result<std::optional<TextQuery>> text_query(Db& db, std::string_view text,
                                            const std::string& field) {
  TextQuery q;
  // Folded by the same lower() that folded the indexed texts (migration 7's views), so the two
  // agree whatever it folds (ASCII letters in SQLite as Debian builds it, without ICU).
  {
    LIAISON_ASSIGN_OR_RETURN(Stmt * lower, db.cached("SELECT lower(?)"));
    StmtReset reset_lower(*lower);
    lower->bind(1, text);
    LIAISON_ASSIGN_OR_RETURN(bool row, lower->step());
    if (!row) return internal_error("lower() gave no row");
    q.folded = lower->text(0);
  }
  LIAISON_ASSIGN_OR_RETURN(std::string version, index_version(db));
  std::string key = db.path();
  key += '\n';
  key += q.folded;
  std::optional<std::string> match;
  if (auto known = plan_cache().find(key, version)) {
    match = std::move(*known);
  } else {
    if (utf8_length(q.folded) == kMinSearchChars) {
      LIAISON_ASSIGN_OR_RETURN(match, prefixed_trigrams(db, q.folded, field));
    } else {
      LIAISON_ASSIGN_OR_RETURN(match, rare_trigrams(db, q.folded));
    }
    plan_cache().put(std::move(key), std::move(version), match);
  }
  if (!match) return std::optional<TextQuery>();
  q.match = std::move(*match);
  return std::optional<TextQuery>(std::move(q));
}

}  // namespace liaison::store
