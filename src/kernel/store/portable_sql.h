// The portable SQL subset: what the repositories and the kernel's store files may write
// through Db::exec / prepare / cached, so that a PostgreSQL store (a sibling of store/sqlite/)
// runs the same text. Schema scripts (Db::exec_schema) are each store's own dialect and are
// not held to it. docs/ARCHITECTURE.md ("The store seam") lists the subset; in short:
// standard SELECT / INSERT / UPDATE / DELETE with `?` parameters, ON CONFLICT (cols) DO UPDATE
// and ON CONFLICT DO NOTHING, RETURNING, WITH, EXISTS, CASE, coalesce, nullif, substr,
// length, lower, upper, trim, replace, abs, count/sum/avg/min/max (of one value), SAVEPOINT,
// `?` and `?N` parameters, and two functions a PostgreSQL store defines in its first migration:
// json_extract(text, '$.path') and instr(text, text). What the checker below finds outside it
// is a "construct".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace liaison::store {

// The constructs outside the portable subset that `sql` uses, each named once, in the order
// first met (e.g. "INSERT OR", "rowid", "PRAGMA", "group_concat()", "MATCH", "LIKE"). Empty
// when the text keeps to the subset. String literals and comments are not looked into.
std::vector<std::string> non_portable_constructs(std::string_view sql);

}  // namespace liaison::store
