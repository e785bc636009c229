#include "requests/notices.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "requests/service.h"
#include "requests/stored.h"
#include "requests/views.h"

namespace liaison::requests {

namespace json = boost::json;
using inbox::Notice;

namespace {

// What a notice says of its request.
struct About {
  std::string id, ref, title, priority, requesting_party, requested_party;
};

About about(const StoredRequest& r) {
  const model::RequestContent& c = r.content;
  return {r.id,
          c.requester_ref,
          c.title.original,
          model::to_string(c.priority),
          c.requesting_party,
          c.requested_party};
}

// What the console words a request notice with, in either language.
json::object request_params(const About& a) {
  return json::object{{"request_id", a.id},
                      {"ref", a.ref},
                      {"title", a.title},
                      {"priority", a.priority},
                      {"requesting_party", a.requesting_party},
                      {"requested_party", a.requested_party}};
}

Notice notice(const std::string& key, const std::string& user, const char* event, const About& a,
              json::object params, const std::string& text) {
  Notice n;
  n.key = key + ":" + user;
  n.username = user;
  n.event = event;
  n.severity = a.priority == "P0" ? "high" : "info";
  n.subject_id = a.id;
  n.text = text;
  n.params = json::serialize(params);
  n.link = "/requests/" + a.id;
  return n;
}

Result<std::vector<Notice>> on_event(node::Node& node, store::Db& db, const ledger::Record& r) {
  std::vector<Notice> out;
  if (r.origin == node.party()) return out;
  LIAISON_ASSIGN_OR_RETURN(json::object payload, ledger::parse_object(r.payload, "payload"));
  if (str_of(payload, "event") != "submit") return out;
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, load_request(db, r.object_id));
  if (req.content.requested_party != node.party()) return out;
  const About a = about(req);
  LIAISON_ASSIGN_OR_RETURN(auto users, inbox::users_with(db, node::kRequestAssigners));
  const std::string text =
      "New " + a.priority + " request " + a.ref + " from " + a.requesting_party + ": " + a.title;
  for (const auto& u : users) {
    out.push_back(
        notice("arrived:" + r.object_id, u, inbox::kRequestArrived, a, request_params(a), text));
  }
  return out;
}

Result<std::vector<Notice>> on_message(node::Node& node, store::Db& db, const ledger::Record& r) {
  std::vector<Notice> out;
  LIAISON_ASSIGN_OR_RETURN(json::object payload, ledger::parse_object(r.payload, "payload"));
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, load_request(db, str_of(payload, "request_id")));
  if (req.is_draft()) return out;
  const About a = about(req);
  const std::string author = r.origin == node.party() ? str_of(payload, "author") : "";
  std::vector<std::string> users;
  if (auto mine = req.assignee_of(node.party()); !mine.empty()) {
    users.push_back(mine);
  } else {
    LIAISON_ASSIGN_OR_RETURN(users, inbox::users_with(db, node::kRequestAssigners));
  }
  json::object params = request_params(a);
  params["party"] = r.origin;
  params["author"] = str_of(payload, "author");
  const std::string text = "New message from " + r.origin + "/" + str_of(payload, "author") +
                           " on " + a.ref + ": " + a.title;
  for (const auto& u : users) {
    if (u == author) continue;
    out.push_back(notice("msg:" + r.object_id, u, inbox::kRequestMessage, a, params, text));
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
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, load_request(db, str_of(payload, "request_id")));
  const About a = about(req);
  json::object params = request_params(a);
  params["by"] = by;
  out.push_back(notice("assign:" + r.object_id, user, inbox::kRequestAssigned, a, params,
                       by + " assigned " + a.ref + " to you: " + a.title));
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
      // The row is the request's document with the view's members beside it.
      auto req = request_from_doc(doc);
      if (!req.is_ok()) {
        spdlog::warn("clock notices: skipping a register row: {}", req.status().to_string());
        continue;
      }
      const About a = about(*req);
      const std::string clock = str_of(dl, "clock"), due_at = str_of(dl, "due_at");
      json::object params = request_params(a);
      params["clock"] = clock;
      params["due_at"] = due_at;
      params["state"] = state;
      Notice n = notice("clock:" + a.id + ":" + clock + ":" + due_at + ":" + state, u.username,
                        inbox::kRequestClock, a, params,
                        std::string(state == "overdue" ? "Overdue: " : "Due soon: ") + a.ref +
                            " (" + clock + ", " + due_at + "): " + a.title);
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
