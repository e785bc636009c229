#include "node/store_helpers.h"

#include "ledger/canonical_json.h"
#include "store/records.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

Result<json::object> parse_object(const std::string& text, const std::string& what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return internal_error("corrupt projection " + what);
  return std::move(v.get_object());
}

Result<store::Stmt> prepared(store::Db& db, const std::string& sql,
                             const std::vector<std::string>& binds) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, db.prepare(sql));
  for (size_t i = 0; i < binds.size(); ++i) q.bind(static_cast<int>(i + 1), binds[i]);
  return q;
}

}  // namespace

Result<std::optional<json::object>> doc_of(store::Db& db, const char* table,
                                           const std::string& id) {
  store::SqliteProjections p(db);
  LIAISON_ASSIGN_OR_RETURN(auto text, p.get(table, id));
  if (!text) return std::optional<json::object>();
  LIAISON_ASSIGN_OR_RETURN(json::object o, parse_object(*text, id));
  return std::optional<json::object>(std::move(o));
}

Result<json::object> load_doc(store::Db& db, const char* table, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, doc_of(db, table, id));
  if (!doc) {
    std::string what(table);
    if (!what.empty() && what.back() == 's') what.pop_back();  // "requests" → "request"
    return not_found("no " + what + " " + id, "id");
  }
  return std::move(*doc);
}

Result<std::string> doc_text(store::Db& db, const char* table, const std::string& id) {
  store::SqliteProjections p(db);
  LIAISON_ASSIGN_OR_RETURN(auto text, p.get(table, id));
  return text.value_or("");
}

Result<std::vector<std::string>> query_texts(store::Db& db, const std::string& sql,
                                             const std::vector<std::string>& binds) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, prepared(db, sql, binds));
  return q.texts();
}

Result<std::vector<json::object>> query_docs(store::Db& db, const std::string& sql,
                                             const std::vector<std::string>& binds) {
  LIAISON_ASSIGN_OR_RETURN(std::vector<std::string> texts, query_texts(db, sql, binds));
  std::vector<json::object> out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    LIAISON_ASSIGN_OR_RETURN(json::object o, parse_object(t, "row"));
    out.push_back(std::move(o));
  }
  return out;
}

Result<bool> row_exists(store::Db& db, const std::string& sql,
                        const std::vector<std::string>& binds) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q, prepared(db, sql, binds));
  return q.step();
}

Status append_record(Node& node, store::Db& db, const char* kind, const std::string& id,
                     const json::object& payload, std::vector<std::string> recipients) {
  LIAISON_ASSIGN_OR_RETURN(std::string text, ledger::canonical_json(payload));
  return node.ledger().append(db, kind, id, text, std::move(recipients)).status();
}

}  // namespace liaison::node
