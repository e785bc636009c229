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
#include "requests/stored.h"

namespace liaison::requests {

namespace json = boost::json;
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

Result<std::optional<StoredRequest>> find_request(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto text, p.get("requests", id));
  if (!text) return std::optional<StoredRequest>();
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, request_from_text(*text));
  return std::optional<StoredRequest>(std::move(req));
}

Status put_request(Projections& p, const StoredRequest& req, const Record& r) {
  return put_doc(p, "requests", req.id, to_doc(req), r);
}

// A request as its first record makes it: a draft, created at the record's time.
StoredRequest new_request(const std::string& id, const Record& r) {
  StoredRequest req;
  req.id = id;
  req.created_at = r.created_at;
  return req;
}

// The content a record carries, exactly as the typed content writes it back.
Result<model::RequestContent> content_in(const json::value& content) {
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, model::content_from_json(content));
  LIAISON_RETURN_IF_ERROR(ledger::same_as_typed(as_today(content), model::to_json(c), "content"));
  return c;
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
  LIAISON_ASSIGN_OR_RETURN(auto existing, find_request(p, r.object_id));
  StoredRequest req;
  if (existing) {
    req = std::move(*existing);
    if (!req.is_draft()) {
      return wrong_state("the request is no longer a draft", model::to_string(req.state()));
    }
    if (req.content.requesting_party != r.origin) {
      return permission_denied("only the requesting party may edit the draft");
    }
  } else {
    req = new_request(r.object_id, r);
  }
  LIAISON_ASSIGN_OR_RETURN(req.content, content_in(*content_v));
  LIAISON_RETURN_IF_ERROR(check_origin_is_requester(req.content, r));
  req.updated_at = r.created_at;
  return put_request(p, req, r);
}

// Adds the time since paused_since to paused_seconds and clears it; closes the last pause
// (deadline clocks need each span, not only the total: hotline/calendar.h).
void end_pause(StoredRequest& req, const Record& r) {
  if (req.paused_since.empty()) return;
  auto a = parse_rfc3339(req.paused_since);
  auto b = parse_rfc3339(r.created_at);
  if (a && b && *b > *a) {
    req.paused_seconds += std::chrono::duration_cast<std::chrono::seconds>(*b - *a).count();
  }
  req.paused_since.clear();
  if (!req.pauses.empty()) req.pauses.back().to = r.created_at;
}

// What an event writes into the request beside its state (`r` is its record).
void record_event_facts(StoredRequest& req, Event event, const model::EventArgs& args,
                        const Record& r) {
  const std::string& t = r.created_at;
  switch (event) {
    case Event::kSubmit:
      req.submitted_at = t;
      req.submit_seq = r.seq;  // the requested party's receipt of it starts the clocks
      break;
    case Event::kAcknowledge:
      req.acknowledged_at = t;
      if (!args.requested_ref.empty()) req.requested_ref = args.requested_ref;
      break;
    case Event::kConfirmPreserved:
      if (req.preserved_at.empty()) req.preserved_at = t;
      req.preserved_until = args.preserved_until;
      break;
    case Event::kRequestInfo:
      req.paused_since = t;
      req.pauses.push_back({t, ""});
      req.info_request_reason = args.reason;
      break;
    case Event::kPostpone:
      req.postponed_until = args.until;
      req.postpone_reason = args.reason;
      break;
    case Event::kResume:
      req.postponed_until.clear();
      break;
    case Event::kFulfil:
      req.fulfilled_at = t;
      break;
    case Event::kRefuse:
      req.refusal = Refusal{*args.ground, args.reason, t};
      break;
    case Event::kWithdraw:
      req.withdrawal_reason = args.reason;
      break;
    case Event::kClose:
      req.closed_at = t;
      req.rating = *args.rating;
      break;
    default:
      break;
  }
}

// The request an event is about: the stored one, or, for a submission the recipient sees
// first, a new one (it never saw the draft) created when the requester created it, so both
// parties' documents are identical.
Result<StoredRequest> request_for_event(const Record& r, const json::object& payload, Event event,
                                        std::optional<StoredRequest> existing) {
  if (existing) return std::move(*existing);
  if (event != Event::kSubmit) return no_such("request", r.object_id, "");
  StoredRequest req = new_request(r.object_id, r);
  if (auto created = str_of(payload, "created_at"); parse_rfc3339(created)) {
    req.created_at = created;
  }
  return req;
}

// A submission's content: complete, written by the requester, its parties unchanged.
Status take_submitted_content(StoredRequest& req, bool existed, const json::object& payload,
                              const Record& r) {
  auto* content_v = payload.if_contains("content");
  if (!content_v) return invalid_argument("submit without content", "content");
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, content_in(*content_v));
  LIAISON_RETURN_IF_ERROR(check_origin_is_requester(c, r));
  if (existed && req.content.requesting_party != c.requesting_party) {
    return permission_denied("the requesting party of a request cannot change");
  }
  auto completeness = model::assess(c);
  if (!completeness.complete()) {
    return incomplete("the request's checklist is incomplete", completeness.missing);
  }
  req.content = std::move(c);
  return Status::ok();
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
  LIAISON_ASSIGN_OR_RETURN(auto existing, find_request(p, r.object_id));
  const bool existed = existing.has_value();
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req,
                           request_for_event(r, payload, *event, std::move(existing)));
  if (*event == Event::kSubmit) {
    LIAISON_RETURN_IF_ERROR(take_submitted_content(req, existed, payload, r));
  }
  Side side;
  if (r.origin == req.content.requesting_party) {
    side = Side::kRequester;
  } else if (r.origin == req.content.requested_party) {
    side = Side::kRequested;
  } else {
    return permission_denied("party " + r.origin + " is not a party to this request");
  }
  LIAISON_ASSIGN_OR_RETURN(model::RequestStatus next,
                           model::transition(req.status, *event, side, args));
  if (req.state() == State::kNeedsInfo && next.state != State::kNeedsInfo) end_pause(req, r);
  record_event_facts(req, *event, args, r);
  const bool answer = *event == Event::kConfirmPreserved || *event == Event::kRequestInfo ||
                      *event == Event::kFulfilPartially || *event == Event::kFulfil ||
                      *event == Event::kRefuse;
  if (answer && req.first_reply_at.empty()) req.first_reply_at = r.created_at;
  req.status = next;
  req.updated_at = r.created_at;
  return put_request(p, req, r);
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
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, content_in(payload.at("content")));
  if (c.requested_party != r.origin) {
    return permission_denied("only the requested party " + c.requested_party +
                             " logs a request it took by telephone, not " + r.origin);
  }
  const json::object& call = payload.at("call").as_object();
  const json::object& caller = call.at("caller").as_object();
  if (str_of(caller, "party") != c.requesting_party) {
    return invalid_argument("the caller's party is the requesting party", "call.caller.party");
  }
  auto called = parse_rfc3339(str_of(call, "called_at"));
  auto written = parse_rfc3339(r.created_at);
  if (called && written && *called > *written + std::chrono::minutes(5)) {
    return invalid_argument("called_at is later than the record", "call.called_at");
  }
  StoredRequest req = new_request(r.object_id, r);
  req.content = std::move(c);
  const std::string called_at = called ? format_rfc3339(*called) : r.created_at;
  req.status.state = State::kAcknowledged;
  req.submitted_at = called_at;
  req.acknowledged_at = r.created_at;
  req.oral = OralCall{{str_of(caller, "party"), str_of(caller, "name"),
                       str_of(caller, "organisation"), str_of(caller, "phone")},
                      str_of(call, "taken_by"),
                      called_at,
                      str_of(call, "summary"),
                      str_of(call, "contact_id"),
                      r.created_at};
  req.updated_at = r.created_at;
  return put_request(p, req, r);
}

// {"content", "note"}, written by the requester: its written confirmation of a request it
// made by telephone. The content replaces the officer's notes and must be complete (the
// checklist of its type); the parties cannot change. Stops the written_confirmation clock.
Status apply_confirm(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_ASSIGN_OR_RETURN(auto found, find_request(p, r.object_id));
  if (!found) return no_such("request", r.object_id);
  StoredRequest& req = *found;
  if (!req.oral) {
    return failed_precondition("the request was made in writing; there is nothing to confirm",
                               "oral");
  }
  if (!req.written_confirmed_at.empty()) {
    return failed_precondition("the request was already confirmed in writing",
                               "written_confirmed_at");
  }
  if (req.content.requesting_party != r.origin) {
    return permission_denied("only the requesting party " + req.content.requesting_party +
                             " confirms its request in writing, not " + r.origin);
  }
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent c, content_in(payload.at("content")));
  if (c.requesting_party != req.content.requesting_party ||
      c.requested_party != req.content.requested_party) {
    return invalid_argument("the parties of a request cannot change", "content.requested_party")
        .with_reason(Reason::kReadOnly);
  }
  auto completeness = model::assess(c);
  if (!completeness.complete()) {
    return incomplete("the written request's checklist is incomplete", completeness.missing);
  }
  req.content = std::move(c);
  req.written_confirmed_at = r.created_at;
  req.written_confirmation_note = str_of(payload, "note");
  req.updated_at = r.created_at;
  return put_request(p, req, r);
}

// The request a message or attachment belongs to, when the record's origin is a party to it.
Result<StoredRequest> request_for_side_record(const Record& r, const std::string& request_id,
                                              Projections& p) {
  if (request_id.empty()) return invalid_argument("missing request_id", "request_id");
  LIAISON_ASSIGN_OR_RETURN(auto req, find_request(p, request_id));
  if (!req) return no_such("request", request_id, "request_id");
  if (!req->has_party(r.origin)) {
    return permission_denied("party " + r.origin + " is not a party to this request");
  }
  return std::move(*req);
}

Status apply_message(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, request_for_side_record(r, request_id, p));
  LIAISON_ASSIGN_OR_RETURN(auto existing, p.get("messages", r.object_id));
  if (existing) return already_exists("message " + r.object_id + " exists");
  auto* body = payload.if_contains("body");
  if (!body) return invalid_argument("missing body", "body");
  StoredMessage m;
  LIAISON_ASSIGN_OR_RETURN(m.body, model::bilingual_from_json(*body, "body"));
  if (m.body.original.empty())
    return invalid_argument("message body is empty", "body.original")
        .with_reason(Reason::kRequired);
  m.id = r.object_id;
  m.request_id = request_id;
  m.party = r.origin;
  m.author = str_of(payload, "author");
  m.created_at = r.created_at;
  // The requested party's first message is its first substantive reply (deadline clock).
  if (r.origin == req.content.requested_party && req.first_reply_at.empty() && !req.is_draft()) {
    req.first_reply_at = r.created_at;
    LIAISON_RETURN_IF_ERROR(put_request(p, req, r));
  }
  return put_doc(p, "messages", r.object_id, to_doc(m), r);
}

// {"request_id", "assignee": {"username", "name"}, "by"}, written by either party: who works
// the request on the writing party's side (assignees.<origin>); an empty username clears it.
// A party writes only its own side: the side is the record's origin, never a field.
Status apply_assign(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_ASSIGN_OR_RETURN(StoredRequest req, request_for_side_record(r, request_id, p));
  if (r.object_id.rfind(request_id + ":assign:", 0) != 0) {
    return invalid_argument("an assignment's object id is request_id:assign:ID", "object_id");
  }
  const json::object& who = payload.at("assignee").as_object();
  req.assigned_ever = true;
  if (str_of(who, "username").empty()) {
    req.assignees.erase(r.origin);
  } else {
    req.assignees[r.origin] =
        Assignee{str_of(who, "username"), str_of(who, "name"), str_of(payload, "by"), r.created_at};
  }
  req.updated_at = r.created_at;
  return put_request(p, req, r);
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

Result<std::optional<StoredAttachment>> find_attachment(Projections& p, const std::string& id) {
  LIAISON_ASSIGN_OR_RETURN(auto text, p.get("attachments", id));
  if (!text) return std::optional<StoredAttachment>();
  LIAISON_ASSIGN_OR_RETURN(StoredAttachment a, attachment_from_text(*text));
  return std::optional<StoredAttachment>(std::move(a));
}

// An attachment record's members, checked (the record's own time when it names none).
Result<StoredAttachment> attachment_in(const Record& r, const json::object& payload) {
  StoredAttachment a;
  a.id = r.object_id;
  a.request_id = str_of(payload, "request_id");
  a.sha256 = str_of(payload, "sha256");
  a.content_type = str_of(payload, "content_type");
  a.filename = str_of(payload, "filename");
  a.party = r.origin;
  a.added_by = str_of(payload, "added_by");
  if (a.sha256.size() != 64 ||
      a.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return invalid_argument("sha256 must be 64 lower-case hex digits", "sha256");
  }
  if (!valid_media_type(a.content_type)) {
    return invalid_argument("content_type must be a media type like text/plain", "content_type");
  }
  if (a.filename.empty() || a.filename.size() > 255 ||
      a.filename.find_first_of("/\\\r\n") != std::string::npos) {
    return invalid_argument("filename must be 1-255 characters without slashes", "filename");
  }
  if (r.object_id != a.request_id + ":" + a.sha256) {
    return invalid_argument("attachment object id must be request_id:sha256", "object_id");
  }
  auto* size = payload.if_contains("size");
  if (!size || !size->is_int64() || size->get_int64() < 0) {
    return invalid_argument("size must be a non-negative integer", "size");
  }
  a.size = size->get_int64();
  // When it was attached: the record's own time, or an earlier one named by the owner when it
  // shares an attachment it made while the request was a draft.
  a.created_at = str_of(payload, "attached_at");
  if (a.created_at.empty()) a.created_at = r.created_at;
  const auto attached = parse_rfc3339(a.created_at), recorded = parse_rfc3339(r.created_at);
  if (!attached || !recorded || *attached > *recorded) {
    return invalid_argument("attached_at must be an RFC 3339 time not later than the record",
                            "attached_at")
        .with_reason(Reason::kInvalidTime);
  }
  return a;
}

Status apply_attachment(const Record& r, const json::object& payload, Projections& p) {
  LIAISON_RETURN_IF_ERROR(request_for_side_record(r, str_of(payload, "request_id"), p).status());
  LIAISON_ASSIGN_OR_RETURN(StoredAttachment a, attachment_in(r, payload));
  LIAISON_ASSIGN_OR_RETURN(auto existing, find_attachment(p, r.object_id));
  if (existing) {
    // A draft stays local, and so do the attachments made while it was one: the submission
    // shares each of them by a second record of the same file from its owner, addressed to
    // the requested party (records are never changed). Anything else is a duplicate.
    StoredAttachment& had = *existing;
    const bool shares = !r.recipients.empty() && had.party == r.origin && !had.shared &&
                        had.filename == a.filename && had.content_type == a.content_type &&
                        had.size == a.size && had.created_at == a.created_at;
    if (!shares) return already_exists("this file is already attached", "sha256");
    had.shared = true;
    return put_doc(p, "attachments", r.object_id, to_doc(had), r);
  }
  a.shared = !r.recipients.empty();
  a.custody.push_back(
      {a.created_at, r.origin + "/" + a.added_by, r.origin, "attached", record_ref(r), "", ""});
  return put_doc(p, "attachments", r.object_id, to_doc(a), r);
}

// {"request_id", "sha256", "size", "action", "actor", "reason"?, "code"?}: one step of a file's
// chain of custody, signed by the party that took it (docs/ARCHITECTURE.md, "Custody records"),
// appended to the attachment's timeline on every node that holds both.
Status apply_custody(const Record& r, const json::object& payload, Projections& p) {
  std::string request_id = str_of(payload, "request_id");
  LIAISON_RETURN_IF_ERROR(request_for_side_record(r, request_id, p).status());
  std::string sha = str_of(payload, "sha256");
  const std::string id = request_id + ":" + sha;
  if (r.object_id.rfind(id + ":custody:", 0) != 0) {
    return invalid_argument("a custody record's object id is request_id:sha256:custody:ID",
                            "object_id");
  }
  LIAISON_ASSIGN_OR_RETURN(auto found, find_attachment(p, id));
  if (!found) return not_found("no attachment " + sha + " on request " + request_id, "sha256");
  StoredAttachment& a = *found;
  if (!payload.at("size").is_int64() || a.size != payload.at("size").get_int64()) {
    return invalid_argument("size differs from the attached file's", "size");
  }
  const std::string action = str_of(payload, "action");
  const bool owner = a.party == r.origin;
  // Only the receiving party receives or refuses a file, only its sender sends it.
  if ((action == "received" || action == "refused") && owner) {
    return permission_denied("the party that attached a file does not receive it");
  }
  if (action == "sent" && !owner) {
    return permission_denied("only the party that attached a file sends it");
  }
  a.custody.push_back({r.created_at, r.origin + "/" + str_of(payload, "actor"), r.origin, action,
                       record_ref(r), str_of(payload, "reason"), str_of(payload, "code")});
  return put_doc(p, "attachments", id, to_doc(a), r);
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
