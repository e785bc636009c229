#include "requests/notices.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "requests/service.h"
#include "requests/views.h"

namespace liaison::requests {

namespace json = boost::json;
using inbox::Notice;

namespace {

std::string assignee_of(const json::object& doc, const std::string& party) {
  const json::value* sides = doc.if_contains("assignees");
  if (!sides || !sides->is_object()) return "";
  const json::value* mine = sides->get_object().if_contains(party);
  return mine && mine->is_object() ? str_of(mine->get_object(), "username") : "";
}

std::string title_of(const json::object& doc) {
  const json::value* t = doc.if_contains("title");
  return t && t->is_object() ? str_of(t->get_object(), "original") : "";
}

// What the console words a request notice with, in either language.
json::object request_params(const json::object& doc) {
  return json::object{{"request_id", str_of(doc, "id")},
                      {"ref", str_of(doc, "requester_ref")},
                      {"title", title_of(doc)},
                      {"priority", str_of(doc, "priority")},
                      {"requesting_party", str_of(doc, "requesting_party")},
                      {"requested_party", str_of(doc, "requested_party")}};
}

Notice notice(const std::string& key, const std::string& user, const char* event,
              const json::object& doc, json::object params, const std::string& text) {
  Notice n;
  n.key = key + ":" + user;
  n.username = user;
  n.event = event;
  n.severity = str_of(doc, "priority") == "P0" ? "high" : "info";
  n.subject_id = str_of(doc, "id");
  n.text = text;
  n.params = json::serialize(params);
  n.link = "/requests/" + str_of(doc, "id");
  return n;
}

Result<std::vector<Notice>> on_event(node::Node& node, store::Db& db, const ledger::Record& r) {
  std::vector<Notice> out;
  if (r.origin == node.party()) return out;
  LIAISON_ASSIGN_OR_RETURN(json::object payload, ledger::parse_object(r.payload, "payload"));
  if (str_of(payload, "event") != "submit") return out;
  LIAISON_ASSIGN_OR_RETURN(json::object doc, load_request(db, r.object_id));
  if (str_of(doc, "requested_party") != node.party()) return out;
  LIAISON_ASSIGN_OR_RETURN(auto users, inbox::users_with(db, node::kRequestAssigners));
  const std::string text = "New " + str_of(doc, "priority") + " request " +
                           str_of(doc, "requester_ref") + " from " +
                           str_of(doc, "requesting_party") + ": " + title_of(doc);
  for (const auto& u : users) {
    out.push_back(notice("arrived:" + r.object_id, u, inbox::kRequestArrived, doc,
                         request_params(doc), text));
  }
  return out;
}

Result<std::vector<Notice>> on_message(node::Node& node, store::Db& db, const ledger::Record& r) {
  std::vector<Notice> out;
  LIAISON_ASSIGN_OR_RETURN(json::object payload, ledger::parse_object(r.payload, "payload"));
  LIAISON_ASSIGN_OR_RETURN(json::object doc, load_request(db, str_of(payload, "request_id")));
  if (str_of(doc, "state") == "draft") return out;
  const std::string author = r.origin == node.party() ? str_of(payload, "author") : "";
  std::vector<std::string> users;
  if (auto mine = assignee_of(doc, node.party()); !mine.empty()) {
    users.push_back(mine);
  } else {
    LIAISON_ASSIGN_OR_RETURN(users, inbox::users_with(db, node::kRequestAssigners));
  }
  json::object params = request_params(doc);
  params["party"] = r.origin;
  params["author"] = str_of(payload, "author");
  const std::string text = "New message from " + r.origin + "/" + str_of(payload, "author") +
                           " on " + str_of(doc, "requester_ref") + ": " + title_of(doc);
  for (const auto& u : users) {
    if (u == author) continue;
    out.push_back(notice("msg:" + r.object_id, u, inbox::kRequestMessage, doc, params, text));
  }
  return out;
}

Result<std::vector<Notice>> on_assign(node::Node& node, store::Db& db, const ledger::Record& r) {
  std::vector<Notice> out;
  if (r.origin != node.party()) return out;  // the other party's officers are theirs to tell
  LIAISON_ASSIGN_OR_RETURN(json::object payload, ledger::parse_object(r.payload, "payload"));
  const json::value* who = payload.if_contains("assignee");
  const std::string user = who && who->is_object() ? str_of(who->get_object(), "username") : "";
  const std::string by = str_of(payload, "by");
  if (user.empty() || user == by) return out;
  LIAISON_ASSIGN_OR_RETURN(json::object doc, load_request(db, str_of(payload, "request_id")));
  json::object params = request_params(doc);
  params["by"] = by;
  out.push_back(
      notice("assign:" + r.object_id, user, inbox::kRequestAssigned, doc, params,
             by + " assigned " + str_of(doc, "requester_ref") + " to you: " + title_of(doc)));
  return out;
}

// Each assignee's requests whose most urgent clock is due within 24 hours or overdue (the
// register's `deadline`), once per clock, due time and state.
Result<std::vector<Notice>> clock_notices(node::Node& node) {
  std::vector<Notice> out;
  LIAISON_ASSIGN_OR_RETURN(auto users, node::assignable_users(node));
  for (const auto& u : users) {
    node::RequestQuery q;
    q.assignee = u.username;
    q.per_page = 200;
    LIAISON_ASSIGN_OR_RETURN(std::string text, register_view(node, q));
    LIAISON_ASSIGN_OR_RETURN(json::object page, ledger::parse_object(text, "register"));
    for (const auto& item : page["items"].as_array()) {
      const json::object& doc = item.as_object();
      const json::value* d = doc.if_contains("deadline");
      if (!d || !d->is_object()) continue;
      const json::object& dl = d->get_object();
      const std::string state = str_of(dl, "state");
      if (state != "soon" && state != "overdue") continue;
      json::object params = request_params(doc);
      params["clock"] = str_of(dl, "clock");
      params["due_at"] = str_of(dl, "due_at");
      params["state"] = state;
      Notice n = notice("clock:" + str_of(doc, "id") + ":" + str_of(dl, "clock") + ":" +
                            str_of(dl, "due_at") + ":" + state,
                        u.username, inbox::kRequestClock, doc, params,
                        std::string(state == "overdue" ? "Overdue: " : "Due soon: ") +
                            str_of(doc, "requester_ref") + " (" + str_of(dl, "clock") + ", " +
                            str_of(dl, "due_at") + "): " + title_of(doc));
      n.severity = state == "overdue" ? "high" : "warning";
      out.push_back(std::move(n));
    }
  }
  return out;
}

}  // namespace

void add_notice_sources() {
  inbox::add_timed_source("requests.clocks", clock_notices);
  inbox::add_record_source(kRequestEvent, on_event);
  inbox::add_record_source(kMessagePost, on_message);
  inbox::add_record_source(kRequestAssign, on_assign);
}

}  // namespace liaison::requests
