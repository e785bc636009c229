#include "store/db.h"

namespace liaison::store {

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r.is_ok()) return r.status();
    if (!*r) return Status::ok();
  }
}

Result<std::vector<std::string>> Stmt::texts() {
  std::vector<std::string> out;
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, step());
    if (!row) break;
    out.push_back(text(0));
  }
  return out;
}

Status Db::step_cached(const std::string& sql) {
  LIAISON_ASSIGN_OR_RETURN(Stmt * st, cached(sql));
  StmtReset reset(*st);
  LIAISON_ASSIGN_OR_RETURN(bool row, st->step());
  (void)row;
  return Status::ok();
}

}  // namespace liaison::store
