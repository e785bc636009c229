#include "hotline/case_feed.h"

#include <mutex>

#include "common/json_fields.h"
#include "hotline/repository.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

std::once_flag g_once;
CaseFeed g_feed;  // written once under g_once, before any engine thread starts

}  // namespace

void set_case_feed(CaseFeed feed) {
  std::call_once(g_once, [&] { g_feed = std::move(feed); });
}

Result<std::optional<json::object>> request_doc(store::Db& db, const std::string& id) {
  if (!g_feed.doc) return std::optional<json::object>();
  return g_feed.doc(db, id);
}

Result<std::vector<json::object>> submitted_requests_to(store::Db& db, const std::string& party) {
  if (!g_feed.submitted_to) return std::vector<json::object>();
  return g_feed.submitted_to(db, party);
}

Result<std::vector<std::string>> unpaged_arrivals(store::Db& db, const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto docs, submitted_requests_to(db, party));
  std::vector<std::string> out;
  for (const auto& d : docs) {
    const std::string id = str_of(d, "id");
    LIAISON_ASSIGN_OR_RETURN(bool paged, is_marked(db, "arrival:" + id));
    if (!paged) out.push_back(id);
  }
  return out;
}

Result<std::vector<json::object>> owed_confirmations(store::Db& db, const std::string& party) {
  if (!g_feed.owed_confirmations) return std::vector<json::object>();
  return g_feed.owed_confirmations(db, party);
}

Result<std::vector<std::string>> owed_confirmations_to_remind(store::Db& db,
                                                              const std::string& party) {
  LIAISON_ASSIGN_OR_RETURN(auto docs, owed_confirmations(db, party));
  std::vector<std::string> out;
  for (const auto& d : docs) {
    const std::string id = str_of(d, "id");
    LIAISON_ASSIGN_OR_RETURN(bool reminded, is_marked(db, "written:" + id + ":overdue"));
    if (!reminded) out.push_back(id);
  }
  return out;
}

Result<std::vector<std::string>> open_requests_of(store::Db& db, const std::string& party) {
  if (!g_feed.open_of) return std::vector<std::string>();
  return g_feed.open_of(db, party);
}

}  // namespace liaison::hotline
