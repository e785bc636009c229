#include "hotline/reach.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "hotline/repository.h"
#include "model/stored_request.h"

namespace liaison::hotline {

namespace json = boost::json;

namespace {

json::object escalation_params(const Escalation& esc, int64_t tier, const std::string& step) {
  return json::object{{"escalation_id", esc.id},
                      {"request_id", esc.request_id},
                      {"case_id", esc.case_id},
                      {"owner", esc.owner},
                      {"counterpart", esc.counterpart},
                      {"trigger", esc.trigger},
                      {"reason", esc.reason},
                      {"tier", tier},
                      {"step", step}};
}

// The administrators' high-severity notice that nobody could be reached: one per
// administrator, keyed "unreached:KEY:ADMIN" (so once), going out by e-mail and webhook
// where each asked for it (inbox preferences; on by default for this event).
Status alert_admins(store::Db& db, const std::string& key, const std::string& subject_id,
                    const std::string& text, const json::object& params, const std::string& link,
                    const std::string& now) {
  LIAISON_ASSIGN_OR_RETURN(auto admins,
                           inbox::users_with(db, node::RoleSet{node::Role::kAdministrator}));
  const std::string serialized = json::serialize(params);
  for (const auto& admin : admins) {
    inbox::Notice n;
    n.key = "unreached:" + key + ":" + admin;
    n.username = admin;
    n.event = inbox::kEscalationUnreached;
    n.severity = "high";
    n.subject_id = subject_id;
    n.text = text;
    n.params = serialized;
    n.link = link;
    LIAISON_RETURN_IF_ERROR(inbox::post(db, n, now));
  }
  return Status::ok();
}

// The administrators' alert for step `step_key` of `esc`; `why` says what failed.
Status alert_unreached(store::Db& db, const std::string& step_key, const Escalation& esc,
                       int64_t tier, const std::string& why, const std::string& now) {
  json::object params = escalation_params(esc, tier, step_key);
  params["why"] = why;
  return alert_admins(db, step_key, esc.id,
                      "Nobody could be reached for tier " + std::to_string(tier) +
                          " of escalation " + esc.id + " (" + esc.reason + "): " + why,
                      params, "/hotline", now);
}

}  // namespace

Status note_page(node::Node&, store::Db& db, const std::string& step_key, const Escalation& esc,
                 int64_t tier, const std::vector<std::string>& users, const std::string& now) {
  const json::object params = escalation_params(esc, tier, step_key);
  for (const auto& u : users) {
    inbox::Notice n;
    n.key = "page:" + step_key + ":" + u;
    n.username = u;
    n.event = inbox::kEscalationPage;
    n.severity = tier >= 2 ? "high" : "warning";
    n.subject_id = esc.id;
    n.text = "Tier " + std::to_string(tier) + " escalation needs you: " + esc.reason;
    n.params = json::serialize(params);
    n.link = "/hotline";
    LIAISON_RETURN_IF_ERROR(inbox::post(db, n, now));
  }
  if (users.empty()) return alert_unreached(db, step_key, esc, tier, "nobody is on call", now);
  LIAISON_ASSIGN_OR_RETURN(auto pages, notification_states(db, step_key + ":"));
  if (pages.empty()) {
    return alert_unreached(db, step_key, esc, tier,
                           "nobody on call has an e-mail address or a webhook", now);
  }
  return Status::ok();
}

Status note_arrival_page(store::Db& db, const model::StoredRequest& request, int64_t tier,
                         const std::vector<std::string>& users, const std::string& now) {
  const model::RequestContent& c = request.content;
  const std::string &id = request.id, &ref = c.requester_ref, &title = c.title.original;
  const std::string& from = c.requesting_party;
  const std::string priority = model::to_string(c.priority);
  const json::object params{
      {"trigger", "arrival"},     {"request_id", id},     {"ref", ref},
      {"title", title},           {"priority", priority}, {"type", model::to_string(c.type)},
      {"requesting_party", from}, {"tier", tier}};
  for (const auto& u : users) {
    inbox::Notice n;
    n.key = "arrival-page:" + id + ":" + std::to_string(tier) + ":" + u;
    n.username = u;
    n.event = inbox::kEscalationPage;
    n.severity = "high";
    n.subject_id = id;
    n.text = "Emergency " + priority + " request " + ref + " from " + from +
             " arrived; you are on call (tier " + std::to_string(tier) + "): " + title;
    n.params = json::serialize(params);
    n.link = "/requests/" + id;
    LIAISON_RETURN_IF_ERROR(inbox::post(db, n, now));
  }
  if (!users.empty()) return Status::ok();
  // Nobody on call for the tier the emergency pages: the administrators must know at once.
  json::object alert = params;
  alert["why"] = "nobody is on call";
  return alert_admins(db, "arrival:" + id + ":" + std::to_string(tier), id,
                      "Nobody is on call at tier " + std::to_string(tier) + " for emergency " +
                          priority + " request " + ref + " from " + from + ": " + title,
                      alert, "/requests/" + id, now);
}

Status check_reach(node::Node&, store::Db& db, const std::string& notification_key,
                   const std::string& now) {
  // "esc:ID:RULE:ROUND:USER:CHANNEL": the step is all but the last two parts.
  if (notification_key.rfind("esc:", 0) != 0) return Status::ok();
  const size_t channel = notification_key.rfind(':');
  if (channel == std::string::npos || channel == 0) return Status::ok();
  const size_t user = notification_key.rfind(':', channel - 1);
  if (user == std::string::npos) return Status::ok();
  const std::string step_key = notification_key.substr(0, user);
  LIAISON_ASSIGN_OR_RETURN(auto states, notification_states(db, step_key + ":"));
  for (const auto& s : states) {
    if (s != "failed") return Status::ok();  // delivered, or still being tried
  }
  const size_t id_end = step_key.find(':', 4);
  const std::string id = step_key.substr(4, id_end == std::string::npos ? id_end : id_end - 4);
  LIAISON_ASSIGN_OR_RETURN(auto esc, escalation(db, id));
  if (!esc) return Status::ok();
  return alert_unreached(
      db, step_key, *esc, esc->tier,
      "every page of the step failed (" + std::to_string(states.size()) + " e-mail/webhook)", now);
}

Status forward_notice(store::Db& db, const inbox::Notice& n, bool email, bool webhook,
                      const std::string& now) {
  // A page already goes out on the user's channels: forwarding it would send it twice.
  if (n.event == inbox::kEscalationPage) return Status::ok();
  LIAISON_ASSIGN_OR_RETURN(auto channels, channel_of(db, n.username));
  if (!channels) return Status::ok();
  const std::string subject = "[liaison] " + n.text;
  // Not the escalation's own pages (GET /hotline/escalations/{id}/pages): a notice's copy.
  const std::string subject_id = "notice:" + n.subject_id;
  if (email && !channels->email.empty()) {
    LIAISON_RETURN_IF_ERROR(
        queue_notification(db, {"inbox:" + n.key + ":email", subject_id, n.username, "email",
                                channels->email, subject, n.text + "\n", now}));
  }
  if (webhook && !channels->webhook_url.empty()) {
    boost::system::error_code ec;
    json::value params = json::parse(n.params, ec);
    json::object body{{"event", n.event},   {"severity", n.severity},
                      {"user", n.username}, {"subject_id", n.subject_id},
                      {"text", n.text},     {"params", ec ? json::value(json::object()) : params}};
    LIAISON_RETURN_IF_ERROR(
        queue_notification(db, {"inbox:" + n.key + ":webhook", subject_id, n.username, "webhook",
                                channels->webhook_url, subject, json::serialize(body), now}));
  }
  return Status::ok();
}

}  // namespace liaison::hotline
