// How the requests capability's records become projections: drafts, state-machine events,
// oral requests and their written confirmation, messages, attachments and their custody.
// Registered with the ledger through record_kinds() (requests/kinds.h).
#include <boost/json.hpp>

#include "common/clock.h"
#include "common/json_fields.h"
#include "ledger/apply_support.h"
#include "ledger/canonical_json.h"
#include "ledger/limits.h"
#include "ledger/payload_schema.h"
#include "model/request.h"
#include "model/request_json.h"
#include "requests/kinds.h"

namespace liaison::requests {

namespace json = boost::json;
using ledger::get_object;
using ledger::parse_object;
using ledger::Projections;
using ledger::put_doc;
using ledger::Record;
using ledger::record_ref;
using model::Event;
using model::Side;
using model::State;

namespace {

// A record's content as today's apply() reads it: a record signed before the identifier
// normaliser was unified carries its identifiers in the older canonical text, which the typed
// content (and so the projection) holds in today's (model::renormalise_identifiers).
json::value as_today(const json::value& content) {
  json::value v = content;
  if (json::object* o = v.if_object()) model::renormalise_identifiers(*o);
  return v;
}

// Writes the content fields and the derived completeness into `doc`.
void set_content(json::object& doc, const model::RequestContent& c) {
  for (auto& kv : model::to_json(c)) doc[kv.key()] = kv.value();
  doc["completeness"] = model::to_json(model::assess(c));
}

json::object new_request_doc(const std::string& id, const Record& r) {
  json::object doc;
  doc["id"] = id;
  doc["state"] = model::to_string(State::kDraft);
  doc["resume_state"] = model::to_string(State::kAcknowledged);
  doc["created_at"] = r.created_at;
  for (const char* k :
       {"submitted_at", "acknowledged_at", "preserved_at", "preserved_until", "postponed_until",
        "paused_since", "fulfilled_at", "closed_at", "withdrawal_reason", "info_request_reason",
        "postpone_reason", "requested_ref", "first_reply_at"}) {
    doc[k] = "";
  }
  doc["submit_seq"] = 0;
  doc["pauses"] = json::array();
  doc["paused_seconds"] = 0;
  doc["refusal"] = nullptr;
  doc["rating"] = nullptr;
  return doc;
}

Status check_origin_is_requester(const model::RequestContent& c, const Record& r) {
  if (c.requesting_party != r.origin) {
    return permission_denied("only the requesting party " + c.requesting_party +
                             " may write this request's content, not " + r.origin);
  }
  return Status::ok();
}

Status apply_draft(const Record& r, const json::object& payload, Projections& p) {
  auto* content_v = payload.if_contains("content");
  if (!content_v) return invalid_argument("draft without content", "content");
  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("requests", r.object_id));
  json::object doc;
  model::RequestContent base;
  if (existing) {
    LIAISON_ASSIGN_OR_RETURN(doc, parse_object(*existing, "request"));
    if (str_of(doc, "state") != model::to_string(State::kDraft)) {
      return wrong_state("the request is no longer a draft", str_of(doc, "state"));
    }
    if (str_of(doc, "requesting_party") != r.origin) {
      return permission_denied("only the requesting party may edit the draft");
    }
  } else {
    doc = new_request_doc(r.object_id, r);
  }
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, model::content_from_json(*content_v, base));
  LIAISON_RETURN_IF_ERROR(
      ledger::same_as_typed(as_today(*content_v), model::to_json(c), "content"));
  LIAISON_RETURN_IF_ERROR(check_origin_is_requester(c, r));
  set_content(doc, c);
  doc["updated_at"] = r.created_at;
  return put_doc(p, "requests", r.object_id, doc, r);
}

// Adds the time since paused_since to paused_seconds and clears it.
void end_pause(json::object& doc, const Record& r) {
  std::string since = str_of(doc, "paused_since");
  if (since.empty()) return;
  auto a = parse_rfc3339(since);
  auto b = parse_rfc3339(r.created_at);
  int64_t secs = 0;
  if (a && b && *b > *a) secs = std::chrono::duration_cast<std::chrono::seconds>(*b - *a).count();
  auto* prev = doc.if_contains("paused_seconds");
  int64_t before = (prev && prev->is_int64()) ? prev->get_int64() : 0;
  doc["paused_seconds"] = before + secs;
  doc["paused_since"] = "";
  // Deadline clocks need each span, not only the total (hotline/calendar.h).
  if (auto* pauses = doc.if_contains("pauses");
      pauses && pauses->is_array() && !pauses->get_array().empty()) {
    auto& last = pauses->get_array().back();
    if (last.is_object()) last.get_object()["to"] = r.created_at;
  }
}

// What an event writes into the request's document beside its state (`r` is its record).
void record_event_facts(json::object& doc, Event event, const model::EventArgs& args,
                        const Record& r) {
  const std::string& t = r.created_at;
  switch (event) {
    case Event::kSubmit:
      doc["submitted_at"] = t;
      doc["submit_seq"] = r.seq;  // the requested party's receipt of it starts the clocks
      break;
    case Event::kAcknowledge:
      doc["acknowledged_at"] = t;
      if (!args.requested_ref.empty()) doc["requested_ref"] = args.requested_ref;
      break;
    case Event::kConfirmPreserved:
      if (str_of(doc, "preserved_at").empty()) doc["preserved_at"] = t;
      doc["preserved_until"] = args.preserved_until;
      break;
    case Event::kRequestInfo:
      doc["paused_since"] = t;
      if (auto* pauses = doc.if_contains("pauses"); pauses && pauses->is_array()) {
        pauses->get_array().push_back(json::object{{"from", t}, {"to", ""}});
      }
      doc["info_request_reason"] = args.reason;
      break;
    case Event::kPostpone:
      doc["postponed_until"] = args.until;
      doc["postpone_reason"] = args.reason;
      break;
    case Event::kResume:
      doc["postponed_until"] = "";
      break;
    case Event::kFulfil:
      doc["fulfilled_at"] = t;
      break;
    case Event::kRefuse: {
      json::object refusal;
      refusal["ground"] = model::to_string(*args.ground);
      refusal["reason"] = args.reason;
      refusal["at"] = t;
      doc["refusal"] = std::move(refusal);
      break;
    }
    case Event::kWithdraw:
      doc["withdrawal_reason"] = args.reason;
      break;
    case Event::kClose:
      doc["closed_at"] = t;
      doc["rating"] = *args.rating;
      break;
    default:
      break;
  }
}

Status apply_event(const Record& r, const json::object& payload, Projections& p) {
  std::string event_name = str_of(payload, "event");
  auto event = model::parse_event(event_name);
  if (!event) return invalid_argument("unknown event '" + event_name + "'", "event");
  model::EventArgs args;
  if (auto* a = payload.if_contains("args")) {
    if (!a->is_object())
      return invalid_argument("args must be an object", "args")
          .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
    LIAISON_ASSIGN_OR_RETURN(args, model::event_args_from_json(a->get_object()));
    LIAISON_RETURN_IF_ERROR(ledger::same_as_typed(*a, model::to_json(args), "args"));
  }

  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("requests", r.object_id));
  json::object doc;
  if (existing) {
    LIAISON_ASSIGN_OR_RETURN(doc, parse_object(*existing, "request"));
  } else if (*event == Event::kSubmit) {
    doc = new_request_doc(r.object_id, r);  // the recipient never saw the draft
    // The requester's creation time travels with the submission, so both parties' documents
    // are identical.
    if (auto created = str_of(payload, "created_at"); parse_rfc3339(created)) {
      doc["created_at"] = created;
    }
  } else {
    return no_such("request", r.object_id, "");
  }

  if (*event == Event::kSubmit) {
    auto* content_v = payload.if_contains("content");
    if (!content_v) return invalid_argument("submit without content", "content");
    LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, model::content_from_json(*content_v));
    LIAISON_RETURN_IF_ERROR(
        ledger::same_as_typed(as_today(*content_v), model::to_json(c), "content"));
    LIAISON_RETURN_IF_ERROR(check_origin_is_requester(c, r));
    if (existing && str_of(doc, "requesting_party") != c.requesting_party) {
      return permission_denied("the requesting party of a request cannot change");
    }
    auto completeness = model::assess(c);
    if (!completeness.complete()) {
      return incomplete("the request's checklist is incomplete", completeness.missing);
    }
    set_content(doc, c);
  }

  std::string requesting = str_of(doc, "requesting_party");
  std::string requested = str_of(doc, "requested_party");
  Side side;
  if (r.origin == requesting) {
    side = Side::kRequester;
  } else if (r.origin == requested) {
    side = Side::kRequested;
  } else {
    return permission_denied("party " + r.origin + " is not a party to this request");
  }

  model::RequestStatus status;
  auto state = model::parse_state(str_of(doc, "state"));
  auto resume = model::parse_state(str_of(doc, "resume_state"));
  if (!state || !resume) return internal_error("request projection has a bad state");
  status.state = *state;
  status.resume_state = *resume;
  LIAISON_ASSIGN_OR_RETURN(model::RequestStatus next,
                           model::transition(status, *event, side, args));

  const std::string& t = r.created_at;
  if (status.state == State::kNeedsInfo && next.state != State::kNeedsInfo) end_pause(doc, r);
  record_event_facts(doc, *event, args, r);
  bool answer = *event == Event::kConfirmPreserved || *event == Event::kRequestInfo ||
                *event == Event::kFulfilPartially || *event == Event::kFulfil ||
                *event == Event::kRefuse;
  if (answer && str_of(doc, "first_reply_at").empty()) doc["first_reply_at"] = t;
  doc["state"] = model::to_string(next.state);
  doc["resume_state"] = model::to_string(next.resume_state);
  doc["updated_at"] = t;
  return put_doc(p, "requests", r.object_id, doc, r);
}

// ---- oral first, written later -----------------------------------------------------------
// {"content", "call": {"caller": {party, name}, "taken_by", "called_at", "summary",
// "contact_id"}}, written by the requested party: a request it took by telephone, open at
// once and acknowledged (the officer took it on in the call), content as the officer wrote it
// down (well-formed, the checklist may be incomplete), its clocks started at the call. The
// requester owns the content from its written confirmation on.
Status apply_oral(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("requests", r.object_id));
  if (existing) return already_exists("request " + r.object_id + " exists", "id");
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c,
                           model::content_from_json(payload.at("content")));
  LIAISON_RETURN_IF_ERROR(
      ledger::same_as_typed(as_today(payload.at("content")), model::to_json(c), "content"));
  if (c.requested_party != r.origin) {
    return permission_denied("only the requested party " + c.requested_party +
                             " logs a request it took by telephone, not " + r.origin);
  }
  const json::object& call = payload.at("call").as_object();
  if (str_of(call.at("caller").as_object(), "party") != c.requesting_party) {
    return invalid_argument("the caller's party is the requesting party", "call.caller.party");
  }
  auto called = parse_rfc3339(str_of(call, "called_at"));
  auto written = parse_rfc3339(r.created_at);
  if (called && written && *called > *written + std::chrono::minutes(5)) {
    return invalid_argument("called_at is later than the record", "call.called_at");
  }
  json::object doc = new_request_doc(r.object_id, r);
  set_content(doc, c);
  const std::string called_at = called ? format_rfc3339(*called) : r.created_at;
  doc["state"] = model::to_string(State::kAcknowledged);
  doc["submitted_at"] = called_at;
  doc["acknowledged_at"] = r.created_at;
  json::object oral = call;
  oral["called_at"] = called_at;
  oral["recorded_at"] = r.created_at;
  doc["oral"] = std::move(oral);
  doc["written_confirmed_at"] = "";
  doc["updated_at"] = r.created_at;
  return put_doc(p, "requests", r.object_id, doc, r);
}

// {"content", "note"}, written by the requester: its written confirmation of a request it
// made by telephone. The content replaces the officer's notes and must be complete (the
// checklist of its type); the parties cannot change. Stops the written_confirmation clock.
Status apply_confirm(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "requests", r.object_id));
  if (!doc) return no_such("request", r.object_id);
  if (!doc->contains("oral")) {
    return failed_precondition("the request was made in writing; there is nothing to confirm",
                               "oral");
  }
  if (!str_of(*doc, "written_confirmed_at").empty()) {
    return failed_precondition("the request was already confirmed in writing",
                               "written_confirmed_at");
  }
  if (str_of(*doc, "requesting_party") != r.origin) {
    return permission_denied("only the requesting party " + str_of(*doc, "requesting_party") +
                             " confirms its request in writing, not " + r.origin);
  }
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c,
                           model::content_from_json(payload.at("content")));
  LIAISON_RETURN_IF_ERROR(
      ledger::same_as_typed(as_today(payload.at("content")), model::to_json(c), "content"));
  if (c.requesting_party != str_of(*doc, "requesting_party") ||
      c.requested_party != str_of(*doc, "requested_party")) {
    return invalid_argument("the parties of a request cannot change", "content.requested_party")
        .with_reason(Reason::kReadOnly);
  }
  auto completeness = model::assess(c);
  if (!completeness.complete()) {
    return incomplete("the written request's checklist is incomplete", completeness.missing);
  }
  set_content(*doc, c);
  (*doc)["written_confirmed_at"] = r.created_at;
  (*doc)["written_confirmation_note"] = str_of(payload, "note");
  (*doc)["updated_at"] = r.created_at;
  return put_doc(p, "requests", r.object_id, *doc, r);
}

// Loads the request a message or attachment belongs to and checks the origin is a party.
Result<json::object> request_for_side_record(const Record& r, const std::string& request_id,
                                             Projections& p) {
  if (request_id.empty()) return invalid_argument("missing request_id", "request_id");
  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("requests", request_id));
  if (!existing) return no_such("request", request_id, "request_id");
  LIAISON_ASSIGN_OR_RETURN(json::object req, parse_object(*existing, "request"));
  if (r.origin != str_of(req, "requesting_party") && r.origin != str_of(req, "requested_party")) {
    return permission_denied("party " + r.origin + " is not a party to this request");
  }
  return req;
}

Status apply_message(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_ASSIGN_OR_RETURN(json::object req, request_for_side_record(r, request_id, p));
  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("messages", r.object_id));
  if (existing) return already_exists("message " + r.object_id + " exists");
  auto* body = payload.if_contains("body");
  if (!body) return invalid_argument("missing body", "body");
  LIAISON_ASSIGN_OR_RETURN(model::BilingualText text, model::bilingual_from_json(*body, "body"));
  if (text.original.empty())
    return invalid_argument("message body is empty", "body.original")
        .with_reason(Reason::kRequired);
  json::object doc;
  doc["id"] = r.object_id;
  doc["request_id"] = request_id;
  doc["party"] = r.origin;
  doc["author"] = str_of(payload, "author");
  doc["body"] = model::to_json(text);
  doc["created_at"] = r.created_at;
  // The requested party's first message is its first substantive reply (deadline clock).
  if (r.origin == str_of(req, "requested_party") && req.contains("first_reply_at") &&
      str_of(req, "first_reply_at").empty() && str_of(req, "state") != "draft") {
    req["first_reply_at"] = r.created_at;
    LIAISON_RETURN_IF_ERROR(put_doc(p, "requests", request_id, req, r));
  }
  return put_doc(p, "messages", r.object_id, doc, r);
}

// {"request_id", "assignee": {"username", "name"}, "by"}, written by either party: who works
// the request on the writing party's side (assignees.<origin>); an empty username clears it.
// A party writes only its own side: the side is the record's origin, never a field.
Status apply_assign(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_ASSIGN_OR_RETURN(json::object req, request_for_side_record(r, request_id, p));
  if (r.object_id.rfind(request_id + ":assign:", 0) != 0) {
    return invalid_argument("an assignment's object id is request_id:assign:ID", "object_id");
  }
  const json::object& who = payload.at("assignee").as_object();
  json::value* sides = req.if_contains("assignees");
  if (!sides || !sides->is_object()) sides = &(req["assignees"] = json::object());
  if (str_of(who, "username").empty()) {
    sides->get_object().erase(r.origin);
  } else {
    sides->get_object()[r.origin] = json::object{{"username", str_of(who, "username")},
                                                 {"name", str_of(who, "name")},
                                                 {"by", str_of(payload, "by")},
                                                 {"at", r.created_at}};
  }
  req["updated_at"] = r.created_at;
  return put_doc(p, "requests", request_id, req, r);
}

// type "/" subtype with RFC 7230 token characters, optional parameters; no CR/LF.
bool valid_media_type(const std::string& t) {
  if (t.empty() || t.size() > 200) return false;
  auto token = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
  };
  size_t slash = t.find('/');
  if (slash == 0 || slash == std::string::npos) return false;
  size_t end = t.find(';');
  std::string_view main = std::string_view(t).substr(0, end);
  for (size_t i = 0; i < main.size(); ++i) {
    if (i != slash && !token(main[i])) return false;
  }
  if (main.size() == slash + 1) return false;
  for (char c : t) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Status apply_attachment(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_ASSIGN_OR_RETURN(json::object req, request_for_side_record(r, request_id, p));
  std::string sha = str_of(payload, "sha256");
  if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return invalid_argument("sha256 must be 64 lower-case hex digits", "sha256");
  }
  if (!valid_media_type(str_of(payload, "content_type"))) {
    return invalid_argument("content_type must be a media type like text/plain", "content_type");
  }
  std::string filename = str_of(payload, "filename");
  if (filename.empty() || filename.size() > 255 ||
      filename.find_first_of("/\\\r\n") != std::string::npos) {
    return invalid_argument("filename must be 1-255 characters without slashes", "filename");
  }
  if (r.object_id != request_id + ":" + sha) {
    return invalid_argument("attachment object id must be request_id:sha256", "object_id");
  }
  auto* size = payload.if_contains("size");
  if (!size || !size->is_int64() || size->get_int64() < 0) {
    return invalid_argument("size must be a non-negative integer", "size");
  }
  // When it was attached: the record's own time, or an earlier one named by the owner when it
  // shares an attachment it made while the request was a draft.
  std::string attached_at = str_of(payload, "attached_at");
  if (attached_at.empty()) attached_at = r.created_at;
  const auto attached = parse_rfc3339(attached_at), recorded = parse_rfc3339(r.created_at);
  if (!attached || !recorded || *attached > *recorded) {
    return invalid_argument("attached_at must be an RFC 3339 time not later than the record",
                            "attached_at")
        .with_reason(Reason::kInvalidTime);
  }
  LIAISON_ASSIGN_OR_RETURN(auto existing, get_object(p, "attachments", r.object_id));
  if (existing) {
    // A draft stays local, and so do the attachments made while it was one: the submission
    // shares each of them by a second record of the same file from its owner, addressed to
    // the requested party (records are never changed). Anything else is a duplicate.
    json::object& doc = *existing;
    const auto* shared = doc.if_contains("shared");  // absent before issue 14
    const bool was_shared = shared && shared->is_bool() && shared->get_bool();
    const bool shares = !r.recipients.empty() && str_of(doc, "party") == r.origin && !was_shared &&
                        str_of(doc, "filename") == filename &&
                        str_of(doc, "content_type") == str_of(payload, "content_type") &&
                        doc["size"] == *size && str_of(doc, "created_at") == attached_at;
    if (!shares) return already_exists("this file is already attached", "sha256");
    doc["shared"] = true;
    return put_doc(p, "attachments", r.object_id, doc, r);
  }
  json::object doc;
  doc["id"] = r.object_id;
  doc["request_id"] = request_id;
  doc["sha256"] = sha;
  doc["filename"] = str_of(payload, "filename");
  doc["content_type"] = str_of(payload, "content_type");
  doc["size"] = size->get_int64();
  doc["party"] = r.origin;
  doc["added_by"] = str_of(payload, "added_by");
  doc["created_at"] = attached_at;
  doc["shared"] = !r.recipients.empty();
  json::array custody;
  json::object first;
  first["at"] = attached_at;
  first["by"] = r.origin + "/" + str_of(payload, "added_by");
  first["party"] = r.origin;
  first["action"] = "attached";
  first["record"] = record_ref(r);
  custody.push_back(std::move(first));
  doc["custody"] = std::move(custody);
  return put_doc(p, "attachments", r.object_id, doc, r);
}

// {"request_id", "sha256", "size", "action", "actor", "reason"?, "code"?}: one step of a file's
// chain of custody, signed by the party that took it (docs/ARCHITECTURE.md, "Custody records"),
// appended to the attachment's timeline on every node that holds both.
Status apply_custody(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_RETURN_IF_ERROR(request_for_side_record(r, request_id, p).status());
  std::string sha = str_of(payload, "sha256");
  const std::string attachment = request_id + ":" + sha;
  if (r.object_id.rfind(attachment + ":custody:", 0) != 0) {
    return invalid_argument("a custody record's object id is request_id:sha256:custody:ID",
                            "object_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto doc, get_object(p, "attachments", attachment));
  if (!doc) return not_found("no attachment " + sha + " on request " + request_id, "sha256");
  if ((*doc)["size"] != payload.at("size")) {
    return invalid_argument("size differs from the attached file's", "size");
  }
  const std::string action = str_of(payload, "action");
  const bool owner = str_of(*doc, "party") == r.origin;
  // Only the receiving party receives or refuses a file, only its sender sends it.
  if ((action == "received" || action == "refused") && owner) {
    return permission_denied("the party that attached a file does not receive it");
  }
  if (action == "sent" && !owner) {
    return permission_denied("only the party that attached a file sends it");
  }
  json::object entry;
  entry["at"] = r.created_at;
  entry["by"] = r.origin + "/" + str_of(payload, "actor");
  entry["party"] = r.origin;
  entry["action"] = action;
  entry["record"] = record_ref(r);
  if (auto reason = str_of(payload, "reason"); !reason.empty()) entry["reason"] = reason;
  if (auto code = str_of(payload, "code"); !code.empty()) entry["code"] = code;
  (*doc)["custody"].as_array().push_back(std::move(entry));
  return put_doc(p, "attachments", attachment, *doc, r);
}

// {"origin": A, "up_to_seq": N, "head_hash": h, "received_at": t}, written by the receiver.

// ---- the record kinds of this file: their declared payloads --------------------------

namespace sc = ledger::schema;
using sc::Field;
using sc::Shape;
using sc::Type;

constexpr Field kDraftFields[] = {{.name = "content", .type = Type::kTyped, .required = true}};
constexpr Field kEventFields[] = {
    {.name = "event", .type = Type::kString, .required = true, .max = 32},
    {.name = "args", .type = Type::kTyped},
    {.name = "content", .type = Type::kTyped},
    {.name = "created_at", .type = Type::kTime}};
constexpr Field kBilingualFields[] = {
    {.name = "original", .type = Type::kText, .required = true},
    {.name = "lang", .type = Type::kString, .max = 35},
    {.name = "translation", .type = Type::kText},
    {.name = "translation_lang", .type = Type::kString, .max = 35}};
constexpr Shape kBilingual{kBilingualFields};
constexpr Field kCallerFields[] = {
    {.name = "party", .type = Type::kString, .required = true, .max = 8},
    {.name = "name", .type = Type::kString, .required = true, .max = 200},
    {.name = "organisation", .type = Type::kString, .max = 200},
    {.name = "phone", .type = Type::kString, .max = 64}};
constexpr Shape kCaller{kCallerFields};
constexpr Field kCallFields[] = {
    {.name = "caller", .type = Type::kObject, .required = true, .shape = &kCaller},
    {.name = "taken_by", .type = Type::kString, .required = true, .max = 64},
    {.name = "called_at", .type = Type::kTime, .required = true},
    {.name = "summary", .type = Type::kText, .required = true, .max = 10000},
    {.name = "contact_id", .type = Type::kString, .max = 64}};
constexpr Shape kCall{kCallFields};
constexpr Field kOralFields[] = {
    {.name = "content", .type = Type::kTyped, .required = true},
    {.name = "call", .type = Type::kObject, .required = true, .shape = &kCall}};
constexpr Field kConfirmFields[] = {{.name = "content", .type = Type::kTyped, .required = true},
                                    {.name = "note", .type = Type::kText, .max = 5000}};
constexpr Field kMessageFields[] = {
    {.name = "request_id", .type = Type::kString, .required = true, .max = 128},
    {.name = "author", .type = Type::kString, .max = 64},
    {.name = "body", .type = Type::kObject, .required = true, .shape = &kBilingual}};
constexpr Field kAttachmentFields[] = {
    {.name = "request_id", .type = Type::kString, .required = true, .max = 128},
    {.name = "sha256", .type = Type::kString, .required = true, .max = 64},
    {.name = "filename", .type = Type::kString, .required = true, .max = 255},
    {.name = "content_type", .type = Type::kString, .required = true, .max = 200},
    {.name = "size", .type = Type::kInt, .required = true, .max = INT64_MAX},
    {.name = "added_by", .type = Type::kString, .max = 64},
    {.name = "attached_at", .type = Type::kTime}};
constexpr std::string_view kCustodyActions[] = {"sent", "received", "downloaded", "exported",
                                                "refused"};
// Why a file was refused: over the receiver's per-file limit (HTTP's 413), over its quota
// for the sender (429), or bytes that do not hash to the signed SHA-256.
constexpr std::string_view kCustodyCodes[] = {"too_large", "quota_exceeded", "hash_mismatch"};
constexpr Field kCustodyFields[] = {
    {.name = "request_id", .type = Type::kString, .required = true, .max = 128},
    {.name = "sha256", .type = Type::kString, .required = true, .max = 64},
    {.name = "size", .type = Type::kInt, .required = true, .max = INT64_MAX},
    {.name = "action", .type = Type::kString, .required = true, .one_of = kCustodyActions},
    {.name = "actor", .type = Type::kString, .max = 64},
    {.name = "reason", .type = Type::kText, .max = 1000},
    {.name = "code", .type = Type::kString, .one_of = kCustodyCodes}};

constexpr Field kAssigneeFields[] = {
    {.name = "username", .type = Type::kString, .max = 64},  // absent: cleared
    {.name = "name", .type = Type::kString, .max = 200}};
constexpr Shape kAssignee{kAssigneeFields};
constexpr Field kAssignFields[] = {
    {.name = "request_id", .type = Type::kString, .required = true, .max = 128},
    {.name = "assignee", .type = Type::kObject, .required = true, .shape = &kAssignee},
    {.name = "by", .type = Type::kString, .max = 64}};

constexpr Shape kAssign{kAssignFields};
constexpr Shape kOral{kOralFields}, kConfirm{kConfirmFields};
constexpr Shape kDraft{kDraftFields}, kEvent{kEventFields}, kMessage{kMessageFields},
    kAttachment{kAttachmentFields}, kCustody{kCustodyFields};

constexpr ledger::KindSpec kKinds[] = {
    {kRequestDraft, &kDraft, apply_draft},
    {kRequestEvent, &kEvent, apply_event},
    {kRequestOral, &kOral, apply_oral},
    {kRequestConfirm, &kConfirm, apply_confirm},
    {kMessagePost, &kMessage, apply_message},
    {kAttachmentAdd, &kAttachment, apply_attachment},
    {kAttachmentCustody, &kCustody, apply_custody},
    {kRequestAssign, &kAssign, apply_assign},
};
constexpr std::string_view kTables[] = {"requests", "messages", "attachments"};

}  // namespace

ledger::KindSet record_kinds() {
  return {.owner = "requests", .kinds = kKinds, .tables = kTables, .schema = schema_steps()};
}

}  // namespace liaison::requests
