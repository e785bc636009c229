// Who is on call now (GET /hotline/oncall) and who is paged for a tier: the rosters' schedules
// at a time, each person's name and how to reach them, and each tier's entries of the 24/7
// directory (read through hotline/directory_feed.h). Split from service.cc; declared in
// service.h.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <string_view>

#include "hotline/directory_feed.h"
#include "hotline/repository.h"
#include "hotline/roster.h"
#include "hotline/service.h"
#include "node/users.h"
#include "store/db.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

Result<std::vector<hotline::Schedule>> schedules_of(store::Db& db, const std::string& party,
                                                    int tier) {
  LIAISON_ASSIGN_OR_RETURN(auto all, hotline::roster_docs_of(db, party));
  std::vector<hotline::Schedule> out;
  for (auto& d : all) {
    d.erase("updated_at");
    auto s = hotline::schedule_from_json(d);
    if (s.is_ok() && (tier == 0 || s->tier == tier)) out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> on_call_users(store::Db& db, const std::string& party, int tier,
                                               TimePoint at, const std::string& schedule_id) {
  LIAISON_ASSIGN_OR_RETURN(auto schedules, schedules_of(db, party, tier));
  std::vector<std::string> users;
  for (const auto& s : schedules) {
    if (!schedule_id.empty() && s.id != schedule_id) continue;
    auto oc = hotline::on_call(s, at);
    if (oc && std::find(users.begin(), users.end(), oc->user) == users.end()) {
      users.push_back(oc->user);
    }
  }
  return users;
}

namespace {

// A webhook is shown by its host only: its path and query often carry the secret that lets
// anyone post to it ("https://hooks.example.org/T0/B1/xyz" → "hooks.example.org").
std::string webhook_label(std::string_view url) {
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return std::string(url);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One way to reach a person: its kind, its value (a webhook by its host only) and where it
// was found ("user": this node's paging channels; "directory": a directory entry).
struct Reach {
  std::string kind, value, source;
};

// A directory entry's ways to reach its person.
std::vector<Reach> reach_of(const hotline::DirectoryEntry& contact) {
  std::vector<Reach> out;
  for (const auto& c : contact.channels) {
    out.push_back({c.kind, c.kind == "webhook" ? webhook_label(c.value) : c.value, "directory"});
  }
  return out;
}

json::array reach_json(const std::vector<Reach>& reach) {
  json::array out;
  for (const auto& r : reach) {
    out.push_back(json::object{{"kind", r.kind}, {"value", r.value}, {"source", r.source}});
  }
  return out;
}

// What the on-call table shows of a party's tier and of the people on call in it: each
// person's name and how to reach them (this node's own users: their display name and paging
// channels; anyone: the directory entry of that party and tier with the same name, or the
// same e-mail), and the tier's directory entries (the other party's people are known here
// only through its directory, which is on the ledger).
struct OnCallDetails {
  std::map<std::string, node::User> users;            // this node's, by username
  std::map<std::string, hotline::ChannelRow> paging;  // this node's channels, by username
};

Result<OnCallDetails> on_call_details(store::Db& db) {
  OnCallDetails d;
  LIAISON_ASSIGN_OR_RETURN(auto users, node::users_in(db));
  for (auto& u : users) d.users.emplace(u.username, std::move(u));
  LIAISON_ASSIGN_OR_RETURN(auto channels, hotline::channel_rows(db));
  for (auto& c : channels) d.paging.emplace(c.username, std::move(c));
  return d;
}

const hotline::DirectoryEntry* matching_contact(
    const std::vector<hotline::DirectoryEntry>& contacts, const std::string& name,
    const std::string& email) {
  for (const auto& c : contacts) {
    if (!name.empty() && lower(c.name) == lower(name)) return &c;
    if (email.empty()) continue;
    for (const auto& ch : c.channels) {
      if (ch.kind == "email" && lower(ch.value) == lower(email)) return &c;
    }
  }
  return nullptr;
}

void add_person(json::object& entry, const std::string& user, const OnCallDetails& d, bool local,
                const std::vector<hotline::DirectoryEntry>& contacts) {
  std::string name, email;
  std::vector<Reach> reach;
  if (auto u = d.users.find(user); local && u != d.users.end()) name = u->second.display_name;
  if (auto c = d.paging.find(user); local && c != d.paging.end()) {
    email = c->second.email;
    if (!email.empty()) reach.push_back({"email", email, "user"});
    if (!c->second.webhook_url.empty()) {
      reach.push_back({"webhook", webhook_label(c->second.webhook_url), "user"});
    }
  }
  const hotline::DirectoryEntry* contact =
      matching_contact(contacts, name.empty() ? user : name, email);
  if (contact) {
    if (name.empty()) name = contact->name;
    for (auto& r : reach_of(*contact)) {
      const auto same = [&](const Reach& have) {
        return have.kind == r.kind && lower(have.value) == lower(r.value);
      };
      if (std::none_of(reach.begin(), reach.end(), same)) reach.push_back(std::move(r));
    }
  }
  entry["name"] = name;
  entry["directory_id"] = contact ? contact->id : "";
  entry["reach"] = reach_json(reach);
}

json::array contacts_json(const std::vector<hotline::DirectoryEntry>& contacts) {
  json::array out;
  for (const auto& c : contacts) {
    out.push_back(json::object{{"id", c.id},
                               {"name", c.name},
                               {"organisation", c.organisation},
                               {"last_verified", c.last_verified},
                               {"reach", reach_json(reach_of(c))}});
  }
  return out;
}

// `*entries` counts the tier's directory entries.
Result<json::object> on_call_tier(store::Db& db, const OnCallDetails& d, const hotline::PartyRow& p,
                                  int tier, TimePoint at, int64_t* entries) {
  LIAISON_ASSIGN_OR_RETURN(auto schedules, schedules_of(db, p.code, tier));
  LIAISON_ASSIGN_OR_RETURN(auto contacts, hotline::directory_entries(db, p.code, tier));
  *entries += static_cast<int64_t>(contacts.size());
  json::array oncall;
  for (const auto& s : schedules) {
    auto oc = hotline::on_call(s, at);
    if (!oc) continue;
    json::object entry{{"schedule_id", s.id},
                       {"schedule_name", s.name},
                       {"timezone", s.timezone},
                       {"user", oc->user},
                       {"since", format_rfc3339(oc->since)},
                       {"until", format_rfc3339(oc->until)}};
    add_person(entry, oc->user, d, p.is_local, contacts);
    oncall.push_back(std::move(entry));
  }
  return json::object{
      {"tier", tier}, {"oncall", std::move(oncall)}, {"contacts", contacts_json(contacts)}};
}

}  // namespace

Result<std::string> on_call_now(Node& node, TimePoint at) {
  json::array parties;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto all, hotline::party_rows(db));
    LIAISON_ASSIGN_OR_RETURN(OnCallDetails details, on_call_details(db));
    for (const auto& p : all) {
      json::array tiers;
      int64_t entries = 0;
      for (int tier = 1; tier <= 3; ++tier) {
        LIAISON_ASSIGN_OR_RETURN(json::object t, on_call_tier(db, details, p, tier, at, &entries));
        tiers.push_back(std::move(t));
      }
      parties.push_back(json::object{{"party", p.code},
                                     {"timezone", p.timezone},
                                     {"local", p.is_local},
                                     {"directory_entries", entries},
                                     {"tiers", std::move(tiers)}});
    }
    return Status::ok();
  }));
  return json::serialize(json::object{{"at", format_rfc3339(at)}, {"parties", std::move(parties)}});
}

}  // namespace liaison::node
