#include "requests/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <unordered_set>

#include "common/crypto.h"
#include "common/integer_text.h"
#include "common/json_fields.h"
#include "common/utf8.h"
#include "ledger/canonical_json.h"
#include "model/request.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/blobs.h"
#include "node/store_helpers.h"
#include "node/transfers.h"
#include "node/users.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "store/records.h"
#include "store/text_search.h"

namespace liaison::node {

namespace json = boost::json;

namespace {

constexpr int kMaxPerPage = 200;

Result<std::string> next_reference(store::Db& db, const std::string& party,
                                   const std::string& now) {
  std::string year = now.substr(0, 4);
  std::string name = "ref:" + party + ":" + year;
  LIAISON_ASSIGN_OR_RETURN(int64_t n, requests::next_in_counter(db, name));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%s-%06lld", party.c_str(), year.c_str(),
                static_cast<long long>(n));
  return std::string(buf);
}

Status require_writer(const Actor& actor) {
  return require_role(kRequestWriters, actor, "change requests");
}

Result<std::string> canonical(const json::value& v) { return ledger::canonical_json(v); }

// A draft's content as a request.draft record (local: a draft is addressed to nobody) with its
// audit entry `action`, inside the caller's write; the projection apply() made of it.
Result<std::string> write_draft(Node& node, store::Db& db, const Actor& actor,
                                const std::string& id, const model::RequestContent& content,
                                const char* action) {
  LIAISON_ASSIGN_OR_RETURN(std::string text,
                           canonical(json::object{{"content", model::to_json(content)}}));
  LIAISON_RETURN_IF_ERROR(node.ledger().append(db, requests::kRequestDraft, id, text, {}).status());
  LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, action, "request/" + id));
  return doc_text(db, "requests", id);
}

// The attachments made while the request was a draft were recorded for nobody, as the draft
// was; the submission shares each one by a second record of it addressed to the requested
// party (after the submission, so the request exists there first), naming when it was
// attached. Records are never changed; apply() takes the second one as the share.
Status share_draft_attachments(Node& node, store::Db& db, const std::string& request_id,
                               const std::vector<std::string>& to) {
  LIAISON_ASSIGN_OR_RETURN(auto texts, requests::attachment_docs_of(db, request_id, node.party()));
  for (const auto& text : texts) {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredAttachment a, requests::attachment_from_text(text));
    if (a.shared) continue;
    json::object payload{{"request_id", request_id},   {"sha256", a.sha256},
                         {"filename", a.filename},     {"content_type", a.content_type},
                         {"added_by", a.added_by},     {"size", a.size},
                         {"attached_at", a.created_at}};
    LIAISON_RETURN_IF_ERROR(append_record(node, db, requests::kAttachmentAdd, a.id, payload, to));
  }
  return Status::ok();
}

}  // namespace

Result<std::string> next_request_ref(store::Db& db, const std::string& party,
                                     const std::string& now) {
  return next_reference(db, party, now);
}

Result<RequestQuery> parse_request_query(
    const std::vector<std::pair<std::string, std::string>>& params) {
  RequestQuery q;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
      size_t comma = s.find(',', start);
      std::string part =
          s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  };
  const auto parse_int = [](const std::string& s, int64_t lo, int64_t hi,
                            const char* field) -> Result<int> {
    LIAISON_ASSIGN_OR_RETURN(int64_t v, parse_integer(s, lo, hi, field));
    return static_cast<int>(v);
  };
  for (const auto& [k, v] : params) {
    if (k == "state") {
      q.states = split(v);
      for (const auto& s : q.states) {
        if (!model::parse_state(s))
          return invalid_argument("unknown state '" + s + "'", "state")
              .with_reason(Reason::kUnknownValue, {{"value", s}});
      }
    } else if (k == "type") {
      q.types = split(v);
      for (const auto& s : q.types) {
        if (!model::parse_request_type(s))
          return invalid_argument("unknown type '" + s + "'", "type")
              .with_reason(Reason::kUnknownValue, {{"value", s}});
      }
    } else if (k == "priority") {
      q.priorities = split(v);
      for (const auto& s : q.priorities) {
        if (!model::parse_priority(s)) {
          return invalid_argument("unknown priority '" + s + "'", "priority")
              .with_reason(Reason::kUnknownValue, {{"value", s}});
        }
      }
    } else if (k == "party") {
      q.party = v;
    } else if (k == "assignee") {
      if (!v.empty() && v != "me" && !valid_username(v)) {
        return invalid_argument("assignee must be me or a username", "assignee")
            .with_reason(Reason::kUnknownValue, {{"value", v}});
      }
      q.assignee = v;
    } else if (k == "direction") {
      if (!v.empty() && v != "outgoing" && v != "incoming") {
        return invalid_argument("direction must be outgoing or incoming", "direction")
            .with_reason(Reason::kNotOneOf,
                         {{"allowed", std::vector<std::string>{"outgoing", "incoming"}}});
      }
      q.direction = v;
    } else if (k == "q") {
      if (v.size() > 200)
        return invalid_argument("search text too long", "q")
            .with_reason(Reason::kTooLong, {{"max", int64_t{200}}});
      if (!valid_utf8(v))
        return invalid_argument("search text is not valid UTF-8", "q")
            .with_reason(Reason::kInvalidUtf8);
      for (char c : v) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          return invalid_argument("search text contains a control character", "q")
              .with_reason(Reason::kControlCharacters);
        }
      }
      const size_t first = v.find_first_not_of(' ');
      q.q = first == std::string::npos ? "" : v.substr(first, v.find_last_not_of(' ') - first + 1);
      if (!q.q.empty() && store::utf8_length(q.q) < store::kMinSearchChars) {
        return invalid_argument("search text needs at least " +
                                    std::to_string(store::kMinSearchChars) + " characters",
                                "q")
            .with_reason(Reason::kTooShort,
                         {{"min", static_cast<int64_t>(store::kMinSearchChars)}});
      }
    } else if (k == "sort") {
      std::string key = !v.empty() && v[0] == '-' ? v.substr(1) : v;
      if (key != "created_at" && key != "updated_at" && key != "priority" && key != "respond_by" &&
          key != "state") {
        return invalid_argument("cannot sort by '" + v + "'", "sort")
            .with_reason(Reason::kUnknownValue, {{"value", v}});
      }
      q.sort = v;
    } else if (k == "page") {
      LIAISON_ASSIGN_OR_RETURN(q.page, parse_int(v, 1, kMaxPage, "page"));
    } else if (k == "per_page") {
      LIAISON_ASSIGN_OR_RETURN(q.per_page, parse_int(v, 1, kMaxPerPage, "per_page"));
    } else {
      return invalid_argument("unknown query parameter '" + k + "'", k)
          .with_reason(Reason::kUnknownField);
    }
  }
  return q;
}

Result<std::string> create_request(Node& node, const Actor& actor, const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_writer(actor));
  if (!body.is_object())
    return invalid_argument("body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  json::object o = body.get_object();
  if (auto* rp = o.if_contains("requesting_party");
      rp && !(rp->is_string() && rp->get_string() == node.party())) {
    return invalid_argument("requesting_party must be this node's party " + node.party(),
                            "requesting_party")
        .with_reason(Reason::kNotThisParty, {{"party", node.party()}});
  }
  o["requesting_party"] = node.party();
  for (const char* k : {"type", "requested_party"}) {
    if (!o.contains(k)) return field_required(k);
  }
  LIAISON_ASSIGN_OR_RETURN(model::RequestContent content, model::content_from_json(o));
  LIAISON_ASSIGN_OR_RETURN(auto parties, node.parties());
  bool known = false;
  for (const auto& p : parties) known = known || (p.code == content.requested_party && !p.is_local);
  if (!known) {
    return invalid_argument("unknown requested party '" + content.requested_party + "'",
                            "requested_party")
        .with_reason(Reason::kNotAPeer, {{"party", content.requested_party}});
  }
  std::string id = new_uuid();
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    if (content.requester_ref.empty()) {
      LIAISON_ASSIGN_OR_RETURN(content.requester_ref, next_reference(db, node.party(), node.now()));
    }
    LIAISON_ASSIGN_OR_RETURN(result, write_draft(node, db, actor, id, content, "request.create"));
    return Status::ok();
  }));
  return result;
}

Result<std::string> update_request(Node& node, const Actor& actor, const std::string& id,
                                   const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_writer(actor));
  if (!body.is_object())
    return invalid_argument("body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, id));
    const model::RequestContent& base = req.content;
    if (base.requesting_party != node.party()) {
      return permission_denied("only the requesting party edits a request's content");
    }
    if (!req.is_draft()) {
      const std::string state = model::to_string(req.state());
      return wrong_state("only a draft can be edited; this request is " + state, state);
    }
    const json::object& patch = body.get_object();
    LIAISON_RETURN_IF_ERROR(model::parties_unchanged(patch, base));
    LIAISON_ASSIGN_OR_RETURN(model::RequestContent content, model::content_from_json(patch, base));
    LIAISON_ASSIGN_OR_RETURN(result, write_draft(node, db, actor, id, content, "request.update"));
    return Status::ok();
  }));
  return result;
}

Result<std::string> request_event(Node& node, const Actor& actor, const std::string& id,
                                  const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_writer(actor));
  if (!body.is_object())
    return invalid_argument("body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  auto* ev = o.if_contains("event");
  if (!ev || !ev->is_string()) return field_required("event");
  auto event = model::parse_event(ev->get_string());
  if (!event) {
    return invalid_argument("unknown event '" + std::string(ev->get_string()) + "'", "event")
        .with_reason(Reason::kUnknownValue, {{"value", std::string(ev->get_string())}});
  }
  LIAISON_ASSIGN_OR_RETURN(model::EventArgs args, model::event_args_from_json(o));
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, id));
    json::object payload;
    payload["event"] = model::to_string(*event);
    payload["args"] = model::to_json(args);
    if (*event == model::Event::kSubmit) {
      payload["content"] = model::to_json(req.content);
      payload["created_at"] = req.created_at;
    }
    LIAISON_ASSIGN_OR_RETURN(std::string text, canonical(payload));
    std::vector<std::string> to = {req.other_party(node.party())};
    // A draft was never shared: withdrawing it (or anything but submitting) stays local.
    if (req.is_draft() && *event != model::Event::kSubmit) to.clear();
    LIAISON_RETURN_IF_ERROR(
        node.ledger().append(db, requests::kRequestEvent, id, text, to).status());
    if (*event == model::Event::kSubmit && req.is_draft()) {
      LIAISON_RETURN_IF_ERROR(share_draft_attachments(node, db, id, to));
    }
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor,
                                  std::string("request.") + model::to_string(*event),
                                  "request/" + id));
    LIAISON_ASSIGN_OR_RETURN(result, doc_text(db, "requests", id));
    return Status::ok();
  }));
  return result;
}

Result<std::string> get_request(Node& node, const std::string& id) {
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    store::SqliteProjections p(db);
    LIAISON_ASSIGN_OR_RETURN(auto doc, p.get("requests", id));
    if (!doc) return no_such("request", id);
    out = *doc;
    return Status::ok();
  }));
  return out;
}

Result<std::string> resolve_request_id(Node& node, const std::string& id_or_ref) {
  std::string out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    store::SqliteProjections p(db);
    LIAISON_ASSIGN_OR_RETURN(auto doc, p.get("requests", id_or_ref));
    if (doc) {
      out = id_or_ref;
      return Status::ok();
    }
    LIAISON_ASSIGN_OR_RETURN(auto ids, requests::request_ids_by_reference(db, id_or_ref));
    if (ids.empty()) return no_such("request", id_or_ref);
    if (ids.size() > 1) {
      return invalid_argument("reference " + id_or_ref + " names more than one request", "id")
          .with_reason(Reason::kAmbiguous, {{"value", id_or_ref}});
    }
    out = ids.front();
    return Status::ok();
  }));
  return out;
}

namespace {

// A text search (requests::search_page), on a connection of its own: at most a few at once;
// one more is turned away (kResourceExhausted naming q).
Result<DocPage> search_requests(Node& node, const RequestQuery& q,
                                const requests::RegisterFilter& filter, const std::string& key,
                                bool desc,
                                const std::function<Status(store::Db&, const DocPage&)>& then) {
  DocPage page;
  Status st = node.pool().try_read_apart([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(requests::search_page(db, q, filter, key, desc, page));
    // `then` in the same read (the page rendered from the snapshot it was found in).
    return then ? then(db, page) : Status::ok();
  });
  if (st.code() == StatusCode::kResourceExhausted) {
    return Status(StatusCode::kResourceExhausted, "too many searches at once; retry in a moment",
                  "q");
  }
  LIAISON_RETURN_IF_ERROR(st);
  return page;
}

}  // namespace

Result<DocPage> list_requests(Node& node, const RequestQuery& q) {
  return list_requests(node, q, nullptr);
}

Result<DocPage> list_requests(Node& node, const RequestQuery& q,
                              const std::function<Status(store::Db&, const DocPage&)>& then) {
  const requests::RegisterFilter filter = requests::register_filter(q, node.party());
  bool desc = !q.sort.empty() && q.sort[0] == '-';
  std::string key = desc ? q.sort.substr(1) : q.sort;  // validated by parse_request_query
  if (!q.q.empty()) return search_requests(node, q, filter, key, desc, then);
  DocPage page;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(requests::register_page(db, q, filter, key, desc, page));
    return then ? then(db, page) : Status::ok();
  }));
  return page;
}

Result<std::string> post_message(Node& node, const Actor& actor, const std::string& request_id,
                                 const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_writer(actor));
  if (!body.is_object())
    return invalid_argument("body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  for (const auto& kv : o) {
    if (kv.key() != "body")
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
  }
  auto* b = o.if_contains("body");
  if (!b) return field_required("body");
  LIAISON_ASSIGN_OR_RETURN(model::BilingualText text, model::bilingual_from_json(*b, "body"));
  if (text.original.empty())
    return invalid_argument("message must not be empty", "body.original")
        .with_reason(Reason::kRequired);
  if (text.original.size() > 20000 || text.translation.size() > 20000) {
    return invalid_argument("message longer than 20000 bytes", "body.original")
        .with_reason(Reason::kTooLong, {{"max", int64_t{20000}}});
  }
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, request_id));
    std::string id = request_id + ":msg:" + new_uuid();
    json::object payload;
    payload["request_id"] = request_id;
    payload["author"] = actor.username;
    payload["body"] = model::to_json(text);
    LIAISON_ASSIGN_OR_RETURN(std::string ptext, canonical(payload));
    LIAISON_RETURN_IF_ERROR(
        node.ledger()
            .append(db, requests::kMessagePost, id, ptext, req.recipients(node.party()))
            .status());
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor, "message.post", "request/" + request_id));
    LIAISON_ASSIGN_OR_RETURN(result, doc_text(db, "messages", id));
    return Status::ok();
  }));
  return result;
}

namespace {

// The assignee a body names, checked: an active user of this party who works requests.
Result<std::optional<User>> checked_assignee(store::Db& db, const std::string& username) {
  if (username.empty()) return std::optional<User>();
  LIAISON_ASSIGN_OR_RETURN(auto user, find_user(db, username));
  if (!user)
    return invalid_argument("no user " + username + " on this node", "assignee")
        .with_reason(Reason::kNoSuch, {{"what", std::string("user")}, {"id", username}});
  if (user->disabled)
    return invalid_argument("user " + username + " is disabled", "assignee")
        .with_reason(Reason::kUserDisabled, {{"value", username}});
  if (!kRequestAssignees.allows(user->role)) {
    return invalid_argument(std::string("a ") + to_string(user->role) +
                                " does not work requests: assign a liaison officer, supervisor "
                                "or principal",
                            "assignee")
        .with_reason(Reason::kWrongRole, {{"role", std::string(to_string(user->role))}});
  }
  return user;
}

}  // namespace

Result<std::vector<User>> assignable_users(Node& node) {
  std::vector<User> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(auto users, users_in(db));
    for (auto& u : users) {
      if (!u.disabled && kRequestAssignees.allows(u.role)) out.push_back(std::move(u));
    }
    return Status::ok();
  }));
  return out;
}

Result<std::string> assign_request(Node& node, const Actor& actor, const std::string& id_or_ref,
                                   const json::value& body) {
  LIAISON_RETURN_IF_ERROR(require_role(kRequestAssigners, actor, "assign requests"));
  if (!body.is_object())
    return invalid_argument("body must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  const json::object& o = body.get_object();
  for (const auto& kv : o) {
    if (kv.key() != "assignee" && kv.key() != "party")
      return invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
          .with_reason(Reason::kUnknownField);
  }
  const json::value* who = o.if_contains("assignee");
  if (!who || !(who->is_string() || who->is_null())) {
    return invalid_argument("assignee must be a username, or null to clear it", "assignee")
        .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
  }
  const std::string username = who->is_string() ? std::string(who->get_string()) : "";
  if (const json::value* party = o.if_contains("party")) {
    if (!party->is_string() || party->get_string() != node.party()) {
      return Status(StatusCode::kPermissionDenied,
                    "a party assigns only its own officers: this node is " + node.party(), "party");
    }
  }
  LIAISON_ASSIGN_OR_RETURN(std::string request_id, resolve_request_id(node, id_or_ref));
  std::string result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, request_id));
    LIAISON_ASSIGN_OR_RETURN(std::optional<User> user, checked_assignee(db, username));
    json::object payload;
    payload["request_id"] = request_id;
    json::object who;  // empty: cleared
    if (user) who["username"] = username;
    if (user && !user->display_name.empty()) who["name"] = user->display_name;
    payload["assignee"] = std::move(who);
    payload["by"] = actor.username;
    LIAISON_RETURN_IF_ERROR(append_record(node, db, requests::kRequestAssign,
                                          request_id + ":assign:" + new_uuid(), payload,
                                          req.recipients(node.party())));
    LIAISON_RETURN_IF_ERROR(audit(db, node.now(), actor,
                                  username.empty() ? "request.unassign" : "request.assign",
                                  "request/" + request_id));
    LIAISON_ASSIGN_OR_RETURN(result, doc_text(db, "requests", request_id));
    return Status::ok();
  }));
  return result;
}

namespace {
Result<DocPage> list_side(Node& node, const char* table, const std::string& request_id) {
  DocPage page;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(requests::load_request(db, request_id).status());
    LIAISON_ASSIGN_OR_RETURN(page.docs, requests::thread_docs(db, table, request_id));
    page.total = static_cast<int64_t>(page.docs.size());
    return Status::ok();
  }));
  return page;
}
}  // namespace

Result<DocPage> list_messages(Node& node, const std::string& request_id) {
  return list_side(node, "messages", request_id);
}

Result<std::string> add_attachment(Node& node, const Actor& actor, const std::string& request_id,
                                   const std::string& filename, const std::string& content_type,
                                   const std::string& data) {
  LIAISON_RETURN_IF_ERROR(require_writer(actor));
  if (filename.empty() || filename.size() > 255 || filename.find('/') != std::string::npos ||
      filename.find('\\') != std::string::npos || filename == "." || filename == "..") {
    return invalid_argument("filename must be 1-255 characters without slashes", "filename")
        .with_reason(Reason::kInvalidFormat, expected_form(Form::kFileName));
  }
  if (!clean_text(filename)) {
    return invalid_argument("filename must be UTF-8 text without control characters or NUL",
                            "filename")
        .with_reason(Reason::kControlCharacters);
  }
  if (static_cast<int64_t>(data.size()) > node.config().max_attachment_bytes) {
    return Status(StatusCode::kTooLarge, "attachment larger than the limit", "body");
  }
  LIAISON_RETURN_IF_ERROR(get_request(node, request_id).status());
  const std::string type = content_type.empty() ? "application/octet-stream" : content_type;
  for (char c : type) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return invalid_argument("bad Content-Type", "Content-Type")
          .with_reason(Reason::kInvalidFormat, expected_form(Form::kMimeType));
    }
  }
  // Staged until the record that names it commits: a refused upload leaves no bytes behind.
  LIAISON_ASSIGN_OR_RETURN(StagedBlob staged,
                           stage_blob(node.path("blobs"), node.blob_key(), data));
  const std::string& sha = staged.sha256;
  std::string result;
  Status written = node.pool().write([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredRequest req, requests::load_request(db, request_id));
    std::string id = request_id + ":" + sha;
    json::object payload;
    payload["request_id"] = request_id;
    payload["sha256"] = sha;
    payload["filename"] = filename;
    payload["content_type"] = type;
    payload["size"] = static_cast<int64_t>(data.size());
    payload["added_by"] = actor.username;
    LIAISON_ASSIGN_OR_RETURN(std::string ptext, canonical(payload));
    LIAISON_RETURN_IF_ERROR(
        node.ledger()
            .append(db, requests::kAttachmentAdd, id, ptext, req.recipients(node.party()))
            .status());
    LIAISON_RETURN_IF_ERROR(
        audit(db, node.now(), actor, "attachment.add", "request/" + request_id, sha));
    LIAISON_ASSIGN_OR_RETURN(result, doc_text(db, "attachments", id));
    // In place before the commit: a record never names a blob that is not there (a failed
    // commit after this leaves an orphan that `verify` reports and removes).
    return commit_blob(node.path("blobs"), staged);
  });
  if (!written.is_ok()) {
    discard_blob(staged);
    return written;
  }
  return result;
}

namespace {
// Where the bytes of an attachment stand. Another party's file on this node: arriving (with
// progress), received, quarantined or refused (with the reason). Our own: local (not shared:
// a draft's), sending, delivered (the receiver's signed receipt) or refused (its signed
// refusal, with the reason): so the sender sees why. A refusal's code maps to the HTTP
// status it stands for (too_large 413, quota_exceeded 429, hash_mismatch 422).
int refusal_status(const std::string& code) {
  return code == "too_large" ? 413 : code == "quota_exceeded" ? 429 : 422;
}

// Where an attachment's bytes stand on this node (the `transfer` member of its listing).
struct FileTransfer {
  std::string state = "local";
  int64_t size = 0, received_bytes = 0;
  std::string code, reason, last_error, completed_at;

  json::object to_json() const {
    json::object t{{"state", state}, {"size", size}, {"received_bytes", received_bytes}};
    if (!code.empty()) {
      t["code"] = code;
      t["http_status"] = refusal_status(code);
    }
    if (!reason.empty()) t["reason"] = reason;
    if (!last_error.empty()) t["last_error"] = last_error;
    if (!completed_at.empty()) t["completed_at"] = completed_at;
    return t;
  }
};

Result<FileTransfer> transfer_of_attachment(Node& node, const requests::StoredAttachment& a) {
  FileTransfer t;
  t.size = t.received_bytes = a.size;
  if (a.party == node.party()) {
    if (a.shared) t.state = "sending";
    for (const requests::CustodyStep& e : a.custody) {
      if (e.party == node.party()) continue;
      if (e.action == "received") {
        t.state = "delivered";
        t.completed_at = e.at;
      } else if (e.action == "refused") {
        t.state = "refused";
        t.code = e.code;
        t.reason = e.reason;
      }
    }
    return t;
  }
  LIAISON_ASSIGN_OR_RETURN(auto row, transfer_of(node, a.sha256, a.party));
  if (!row) {
    const bool held = have_blob(node.path("blobs"), a.sha256);
    t.state = held ? "received" : "arriving";
    t.received_bytes = held ? a.size : 0;
    return t;
  }
  t.state = row->state;
  t.received_bytes = row->received_bytes;
  t.code = row->code;
  t.reason = row->reason;
  t.last_error = row->last_error;
  t.completed_at = row->completed_at;
  return t;
}
}  // namespace

Result<DocPage> list_attachments(Node& node, const std::string& request_id) {
  LIAISON_ASSIGN_OR_RETURN(DocPage page, list_side(node, "attachments", request_id));
  for (auto& text : page.docs) {
    LIAISON_ASSIGN_OR_RETURN(requests::StoredAttachment a, requests::attachment_from_text(text));
    json::object doc = requests::to_doc(a);
    LIAISON_ASSIGN_OR_RETURN(FileTransfer t, transfer_of_attachment(node, a));
    doc["transfer"] = t.to_json();
    text = json::serialize(doc);
  }
  return page;
}

Result<AttachmentFile> read_attachment(Node& node, const Actor& actor,
                                       const std::string& request_id, const std::string& sha256) {
  requests::StoredAttachment a;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(a, requests::load_attachment(db, request_id, sha256));
    return Status::ok();
  }));
  if (!have_blob(node.path("blobs"), sha256) && a.party != node.party()) {
    LIAISON_ASSIGN_OR_RETURN(FileTransfer t, transfer_of_attachment(node, a));
    if (t.state == "quarantined" || t.state == "refused") {
      const std::string msg = "the file was " + t.state + ": " + t.reason;
      if (t.code == "too_large") return Status(StatusCode::kTooLarge, msg, "sha256");
      if (t.code == "quota_exceeded") return Status(StatusCode::kResourceExhausted, msg, "sha256");
      return failed_precondition(msg, "sha256");
    }
    return failed_precondition("the file is still arriving from " + a.party + ": " +
                                   std::to_string(t.received_bytes) + " of " +
                                   std::to_string(t.size) + " bytes",
                               "sha256");
  }
  LIAISON_ASSIGN_OR_RETURN(std::string data, get_blob(node.path("blobs"), node.blob_key(), sha256));
  // Audited, and a step of the file's chain of custody that the other party sees too.
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    LIAISON_RETURN_IF_ERROR(
        audit(db, node.now(), actor, "attachment.read", "request/" + request_id, sha256));
    return append_custody(node, db, request_id, sha256, "downloaded", actor.username);
  }));
  return AttachmentFile{a.filename, a.content_type, std::move(data)};
}

Result<std::vector<ledger::Record>> request_records(Node& node, const std::string& request_id) {
  std::vector<ledger::Record> out;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(out, store::records_for_object_prefix(db, request_id));
    return Status::ok();
  }));
  return out;
}

Status ingest_record(Node& node, const ledger::Record& r) {
  LIAISON_ASSIGN_OR_RETURN(auto keys, node.party_keys());
  std::string key;
  for (const auto& [code, k] : keys) {
    if (code == r.origin) key = k;
  }
  if (key.empty()) return permission_denied("no key registered for party " + r.origin);
  Status result;
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    // The quarantine row must commit even when the record is refused.
    result = node.ledger().ingest(db, r, key);
    return Status::ok();
  }));
  return result;
}

}  // namespace liaison::node
