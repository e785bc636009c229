#include "store/parties.h"

namespace liaison::store {

Status schema_ready(Db& db) { return db.exec("SELECT 1 FROM schema_migrations LIMIT 1"); }

Result<std::vector<PartyRow>> party_rows(Db& db) {
  std::vector<PartyRow> out;
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("SELECT code, name, timezone, public_key, is_local "
                                              "FROM parties ORDER BY is_local DESC, code"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4) != 0});
  }
  return out;
}

Status insert_party(Db& db, const PartyRow& p, const std::string& created_at) {
  LIAISON_ASSIGN_OR_RETURN(
      Stmt q, db.prepare("INSERT INTO parties(code, name, timezone, public_key, is_local, "
                         "created_at) VALUES(?,?,?,?,?,?)"));
  q.bind(1, p.code).bind(2, p.name).bind(3, p.timezone).bind(4, p.public_key_b64);
  q.bind(5, p.is_local ? 1 : 0).bind(6, created_at);
  Status st = q.run();
  if (st.code() == StatusCode::kAlreadyExists) {
    return already_exists("party " + p.code + " exists", "code");
  }
  return st;
}

Result<bool> set_party_key_if_unset(Db& db, const std::string& code,
                                    const std::string& public_key_b64) {
  LIAISON_ASSIGN_OR_RETURN(Stmt q, db.prepare("UPDATE parties SET public_key=? WHERE code=? AND "
                                              "public_key=''"));
  q.bind(1, public_key_b64).bind(2, code);
  LIAISON_RETURN_IF_ERROR(q.run());
  return db.changes() > 0;
}

}  // namespace liaison::store
