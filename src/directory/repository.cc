#include "directory/repository.h"

#include <spdlog/spdlog.h>

#include "directory/kinds.h"
#include "node/store_helpers.h"
#include "node/typed_rows.h"

namespace liaison::directory {

namespace {

// The entries of stored documents; a damaged one is logged and left out.
std::vector<Contact> contacts_of(const std::vector<std::string>& texts) {
  return node::typed_rows<Contact>(texts, "directory entry", contact_from_text);
}

}  // namespace

Result<std::vector<std::string>> other_party_codes(store::Db& db) {
  return node::query_texts(db, "SELECT code FROM parties WHERE is_local = 0 ORDER BY code");
}

Result<std::vector<Contact>> contacts(store::Db& db, const std::string& party, int tier,
                                      bool include_retired) {
  LIAISON_ASSIGN_OR_RETURN(
      store::Stmt q, db.prepare("SELECT doc FROM contacts WHERE (?1 = '' OR party = ?1) AND "
                                "(?2 = 0 OR tier = ?2) AND (?3 = 1 OR coalesce(retired, 0) = 0) "
                                "ORDER BY party, tier, json_extract(doc, '$.name'), id"));
  q.bind(1, party).bind(2, tier).bind(3, include_retired ? 1 : 0);
  LIAISON_ASSIGN_OR_RETURN(auto texts, q.texts());
  return contacts_of(texts);
}

Result<std::vector<Contact>> live_contacts(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(
      auto texts,
      node::query_texts(
          db, "SELECT doc FROM contacts WHERE party = ? AND coalesce(retired, 0) = 0 ORDER BY id",
          {party}));
  return contacts_of(texts);
}

Result<std::optional<Contact>> contact(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto texts,
                           node::query_texts(db, "SELECT doc FROM contacts WHERE id=?", {id}));
  if (texts.empty()) return std::optional<Contact>();
  auto c = contact_from_text(texts.front());
  if (!c.is_ok()) {
    return internal_error("directory entry " + id + " is damaged: " + c.status().message());
  }
  return std::optional<Contact>(std::move(*c));
}

Result<bool> contact_exists(store::Db& db, const std::string& id) {
  return node::row_exists(db, "SELECT 1 FROM contacts WHERE id=?", {id});
}

Result<std::vector<std::string>> contact_record_bodies(store::Db& db, const std::string& id) {
  return node::query_texts(
      db, "SELECT body FROM records WHERE object_id=? AND kind=? ORDER BY local_order",
      {id, kDirectoryContact});
}

Result<std::vector<std::pair<std::string, std::string>>> legacy_contact_rows(store::Db& db) {
  std::vector<std::pair<std::string, std::string>> rows;
  LIAISON_ASSIGN_OR_RETURN(bool table, db.has_table("contacts_legacy"));
  if (!table) return rows;
  LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                           db.prepare("SELECT id, doc FROM contacts_legacy ORDER BY id"));
  for (;;) {
    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    rows.emplace_back(q.text(0), q.text(1));
  }
  return rows;
}

Status delete_legacy_contact(store::Db& db, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(store::Stmt del, db.prepare("DELETE FROM contacts_legacy WHERE id=?"));
  del.bind(1, id);
  return del.run();
}

}  // namespace liaison::directory
