#include "hotline/case_feed.h"

#include "hotline/feed.h"
#include "hotline/repository.h"

namespace liaison::hotline {

namespace {

Feed<CaseFeed>& feed() {
  static Feed<CaseFeed>* f = new Feed<CaseFeed>();  // never destroyed: engines read it
  return *f;
}

}  // namespace

void set_case_feed(CaseFeed f) { feed().install(std::move(f)); }

Result<std::optional<model::StoredRequest>> find_request(store::Db& db, const std::string& id) {
  return feed().call(&CaseFeed::find, db, id);
}

Result<std::vector<model::StoredRequest>> submitted_requests_to(store::Db& db,
                                                                const std::string& party) {
  return feed().call(&CaseFeed::submitted_to, db, party);
}

Result<std::vector<std::string>> unpaged_arrivals(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto cases, submitted_requests_to(db, party));
  std::vector<std::string> out;
  for (const auto& c : cases) {
    LIAISON_ASSIGN_OR_RETURN(bool paged, is_marked(db, "arrival:" + c.id));
    if (!paged) out.push_back(c.id);
  }
  return out;
}

Result<std::vector<model::StoredRequest>> owed_confirmations(store::Db& db,
                                                             const std::string& party) {
  return feed().call(&CaseFeed::owed_confirmations, db, party);
}

Result<std::vector<std::string>> owed_confirmations_to_remind(store::Db& db,
                                                              const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto cases, owed_confirmations(db, party));
  std::vector<std::string> out;
  for (const auto& c : cases) {
    LIAISON_ASSIGN_OR_RETURN(bool reminded, is_marked(db, "written:" + c.id + ":overdue"));
    if (!reminded) out.push_back(c.id);
  }
  return out;
}

Result<std::vector<std::string>> open_requests_of(store::Db& db, const std::string& party) {
  return feed().call(&CaseFeed::open_of, db, party);
}

}  // namespace liaison::hotline
