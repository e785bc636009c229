// JSON wire format of the request domain (docs/API.md, "Requests").
//
// Decoding rules, the same for every field: a wrong JSON type or an unknown enum name is
// invalid_argument naming the field as a JSON path ("identifiers[1].kind"); unknown keys are
// rejected naming the key, so a typo never silently drops data; JSON null means "empty" or
// "unset" for strings, texts, arrays and optional values, but never for a required enum,
// which has no empty value. Only the non-throwing parts of Boost.JSON are used, so malformed input
// cannot raise.

#include "model/request_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>

namespace liaison::model {

namespace json = boost::json;

namespace {

std::string_view view_of(json::string_view s) { return {s.data(), s.size()}; }
std::string_view view_of(const json::string& s) { return {s.data(), s.size()}; }
json::string_view jv(std::string_view s) { return {s.data(), s.size()}; }

// Quotes user input in messages without letting a huge or binary value into them. Cuts on a
// UTF-8 boundary so the message stays valid text.
std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 64;
  if (s.size() <= kMax) return "'" + std::string(s) + "'";
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(s.substr(0, cut)) + "...'";
}

// The JSON type a reader meets in `expected` ("an array of strings" → "array").
const char* json_type_of(std::string_view expected) {
  for (const char* t : {"array", "object", "string", "integer"}) {
    if (expected.find(t) != std::string_view::npos) return t;
  }
  return expected.find("true") != std::string_view::npos ? "boolean" : "value";
}

Status wrong_type(const std::string& field, const char* expected) {
  return invalid_argument(field + " must be " + expected, field)
      .with_reason(Reason::kWrongType, {{"type", std::string(json_type_of(expected))}});
}

// Every wire name of an enum, for the reason's params ("allowed").
template <typename E>
std::vector<std::string> wire_names() {
  std::vector<std::string> out;
  for (int i = 0; i < 256; ++i) {
    const std::string name = to_string(static_cast<E>(i));
    if (name == "unknown") break;
    out.push_back(name);
  }
  return out;
}

std::string join(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

Status check_keys(const json::object& o, std::span<const std::string_view> known,
                  std::span<const std::string_view> ignored, const std::string& prefix) {
  for (const auto& kv : o) {
    const std::string_view key = view_of(kv.key());
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
    const std::string f = join(prefix, key);
    return invalid_argument("unknown key " + quoted(key), f).with_reason(Reason::kUnknownField);
  }
  return Status::ok();
}
Status check_keys(const json::object& o, std::initializer_list<std::string_view> known,
                  std::span<const std::string_view> ignored, const std::string& prefix) {
  return check_keys(o, std::span<const std::string_view>(known.begin(), known.size()), ignored,
                    prefix);
}

Status decode_string(const json::value& v, const std::string& field, std::string& out) {
  if (v.is_null()) {
    out.clear();
    return Status::ok();
  }
  const json::string* s = v.if_string();
  if (s == nullptr) return wrong_type(field, "a string");
  out.assign(s->data(), s->size());
  return Status::ok();
}

template <typename E>
Status decode_enum(const json::value& v, const std::string& field,
                   std::optional<E> (*parse)(std::string_view), E& out) {
  const json::string* s = v.if_string();
  if (s == nullptr) return wrong_type(field, "a string");
  const std::optional<E> e = parse(view_of(*s));
  if (!e) {
    return invalid_argument("unknown " + field + " " + quoted(view_of(*s)), field)
        .with_reason(Reason::kNotOneOf, {{"allowed", wire_names<E>()}});
  }
  out = *e;
  return Status::ok();
}

// Integers only: 443.0 is refused because a port or rating that arrives as a float is more
// likely a bug on the other side than a value.
Status decode_int(const json::value& v, const std::string& field, std::optional<int>& out) {
  if (v.is_null()) {
    out.reset();
    return Status::ok();
  }
  constexpr std::int64_t kMin = std::numeric_limits<int>::min();
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  if (const std::int64_t* i = v.if_int64()) {
    if (*i < kMin || *i > kMax) {
      return invalid_argument(field + " is out of range", field)
          .with_reason(Reason::kOutOfRange, {{"min", kMin}, {"max", kMax}});
    }
    out = static_cast<int>(*i);
    return Status::ok();
  }
  if (v.is_uint64()) {
    return invalid_argument(field + " is out of range", field)
        .with_reason(Reason::kOutOfRange, {{"min", kMin}, {"max", kMax}});
  }
  return wrong_type(field, "an integer");
}

// The keys of a full Request object that the server computes. Clients may send a Request
// back as they received it; these are dropped, not rejected.
// clang-format off
constexpr std::string_view kServerKeys[] = {
    "id", "state", "resume_state", "direction", "completeness", "created_at", "updated_at",
    "submitted_at", "acknowledged_at", "closed_at", "preserved_until", "postponed_until",
    "paused_seconds", "paused_since", "refusal", "withdrawal_reason", "rating",
    "allowed_events", "requested_ref", "preserved_at", "fulfilled_at", "info_request_reason",
    "postpone_reason", "delivery",
};
// clang-format on

// event_args_from_json gets the whole body of POST .../events, which names the event too.
constexpr std::string_view kEventKey[] = {"event"};

// A request's content members (the wire names of RequestContent).
// clang-format off
constexpr std::string_view kContentKeys[] = {
    "type", "priority", "priority_area", "requesting_party", "requested_party", "title",
    "requesting_authority", "legal_basis", "offence", "data_sought", "data_link", "custodian",
    "necessity", "mla_to_follow", "data_categories", "identifiers", "confidentiality",
    "respond_by", "requester_ref"};
// clang-format on

// The content members of `o` into `c` (other members are not looked at).
Status decode_content_members(const json::object& o, RequestContent& c) {
  if (const auto* v = o.if_contains("type")) {
    LIAISON_RETURN_IF_ERROR(decode_enum(*v, "type", &parse_request_type, c.type));
  }
  if (const auto* v = o.if_contains("priority")) {
    LIAISON_RETURN_IF_ERROR(decode_enum(*v, "priority", &parse_priority, c.priority));
  }
  if (const auto* v = o.if_contains("priority_area")) {
    LIAISON_RETURN_IF_ERROR(
        decode_enum(*v, "priority_area", &parse_priority_area, c.priority_area));
  }
  if (const auto* v = o.if_contains("confidentiality")) {
    LIAISON_RETURN_IF_ERROR(
        decode_enum(*v, "confidentiality", &parse_confidentiality, c.confidentiality));
  }
  const std::pair<const char*, std::string*> strings[] = {
      {"requesting_party", &c.requesting_party},
      {"requested_party", &c.requested_party},
      {"respond_by", &c.respond_by},
      {"requester_ref", &c.requester_ref},
  };
  for (const auto& [key, out] : strings) {
    if (const auto* v = o.if_contains(key)) {
      LIAISON_RETURN_IF_ERROR(decode_string(*v, key, *out));
    }
  }
  for (const TextMember& t : kTextMembers) {
    if (const auto* v = o.if_contains(t.name)) {
      LIAISON_ASSIGN_OR_RETURN(c.*t.member, bilingual_from_json(*v, t.name));
    }
  }
  if (const auto* v = o.if_contains("mla_to_follow")) {
    if (v->is_null()) {
      c.mla_to_follow.reset();
    } else if (const bool* b = v->if_bool()) {
      c.mla_to_follow = *b;
    } else {
      return wrong_type("mla_to_follow", "true, false or null");
    }
  }
  if (const auto* v = o.if_contains("data_categories")) {
    c.data_categories.clear();
    if (!v->is_null()) {
      const json::array* a = v->if_array();
      if (a == nullptr) return wrong_type("data_categories", "an array of strings");
      for (std::size_t i = 0; i < a->size(); ++i) {
        DataCategory d{};
        const std::string f = "data_categories[" + std::to_string(i) + "]";
        LIAISON_RETURN_IF_ERROR(decode_enum((*a)[i], f, &parse_data_category, d));
        c.data_categories.push_back(d);
      }
    }
  }
  if (const auto* v = o.if_contains("identifiers")) {
    c.identifiers.clear();
    if (!v->is_null()) {
      const json::array* a = v->if_array();
      if (a == nullptr) return wrong_type("identifiers", "an array of objects");
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string f = "identifiers[" + std::to_string(i) + "]";
        LIAISON_ASSIGN_OR_RETURN(Identifier id, identifier_from_json((*a)[i], f));
        c.identifiers.push_back(std::move(id));
      }
    }
  }
  return Status::ok();
}

Status decode_content_fields(const json::object& o, RequestContent& c) {
  LIAISON_RETURN_IF_ERROR(check_keys(o, kContentKeys, kServerKeys, ""));
  return decode_content_members(o, c);
}

}  // namespace

// ---- encoding ------------------------------------------------------------------------------

json::value to_json(const BilingualText& t) {
  json::object o;
  o["original"] = jv(t.original);
  o["lang"] = jv(t.lang);
  o["translation"] = jv(t.translation);
  o["translation_lang"] = jv(t.translation_lang);
  return o;
}

json::value to_json(const Identifier& id) {
  json::object o;
  o["kind"] = jv(to_string(id.kind));
  o["value"] = jv(id.value);
  if (id.port) o["port"] = *id.port;
  o["observed_at"] = jv(id.observed_at);
  o["note"] = jv(id.note);
  return o;
}

json::object to_json(const RequestContent& c) {
  json::object o;
  o["type"] = jv(to_string(c.type));
  o["priority"] = jv(to_string(c.priority));
  o["priority_area"] = jv(to_string(c.priority_area));
  o["requesting_party"] = jv(c.requesting_party);
  o["requested_party"] = jv(c.requested_party);
  for (const TextMember& t : kTextMembers) o[t.name] = to_json(c.*t.member);
  if (c.mla_to_follow) {
    o["mla_to_follow"] = *c.mla_to_follow;
  } else {
    o["mla_to_follow"] = nullptr;
  }
  json::array categories;
  for (DataCategory d : c.data_categories) categories.emplace_back(jv(to_string(d)));
  o["data_categories"] = std::move(categories);
  json::array identifiers;
  for (const Identifier& id : c.identifiers) identifiers.push_back(to_json(id));
  o["identifiers"] = std::move(identifiers);
  o["confidentiality"] = jv(to_string(c.confidentiality));
  o["respond_by"] = jv(c.respond_by);
  o["requester_ref"] = jv(c.requester_ref);
  return o;
}

json::object to_json(const EventArgs& a) {
  json::object o;
  if (!a.reason.empty()) o["reason"] = jv(a.reason);
  if (a.ground) o["ground"] = jv(to_string(*a.ground));
  if (!a.until.empty()) o["until"] = jv(a.until);
  if (!a.preserved_until.empty()) o["preserved_until"] = jv(a.preserved_until);
  if (a.rating) o["rating"] = *a.rating;
  if (!a.requested_ref.empty()) o["requested_ref"] = jv(a.requested_ref);
  return o;
}

json::object to_json(const Completeness& c) {
  json::object o;
  o["score"] = c.score;
  json::array missing;
  for (const std::string& m : c.missing) missing.emplace_back(jv(m));
  o["missing"] = std::move(missing);
  json::array items;
  for (const ChecklistItem& item : c.items) {
    json::object i;
    i["item"] = jv(item.item);
    i["satisfied"] = item.satisfied;
    items.push_back(std::move(i));
  }
  o["items"] = std::move(items);
  return o;
}

// ---- decoding ------------------------------------------------------------------------------

Result<BilingualText> bilingual_from_json(const json::value& v, const std::string& field) {
  BilingualText t;
  if (v.is_null()) return t;
  if (const json::string* s = v.if_string()) {
    t.original.assign(s->data(), s->size());
    return t;
  }
  const json::object* o = v.if_object();
  if (o == nullptr) return wrong_type(field, "a string or an object");
  LIAISON_RETURN_IF_ERROR(
      check_keys(*o, {"original", "lang", "translation", "translation_lang"}, {}, field));
  const json::value* original = o->if_contains("original");
  if (original == nullptr) {
    return field_required(field + ".original");
  }
  LIAISON_RETURN_IF_ERROR(decode_string(*original, field + ".original", t.original));
  if (const auto* x = o->if_contains("lang")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*x, field + ".lang", t.lang));
  }
  if (const auto* x = o->if_contains("translation")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*x, field + ".translation", t.translation));
  }
  if (const auto* x = o->if_contains("translation_lang")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*x, field + ".translation_lang", t.translation_lang));
  }
  return t;
}

Result<Identifier> identifier_from_json(const json::value& v, const std::string& field) {
  const json::object* o = v.if_object();
  if (o == nullptr) return wrong_type(field, "an object");
  LIAISON_RETURN_IF_ERROR(
      check_keys(*o, {"kind", "value", "port", "observed_at", "note"}, {}, field));
  Identifier id;
  const json::value* kind = o->if_contains("kind");
  if (kind == nullptr) return field_required(field + ".kind");
  LIAISON_RETURN_IF_ERROR(decode_enum(*kind, field + ".kind", &parse_identifier_kind, id.kind));
  const json::value* value = o->if_contains("value");
  if (value == nullptr || value->is_null()) {
    return field_required(field + ".value");
  }
  LIAISON_RETURN_IF_ERROR(decode_string(*value, field + ".value", id.value));
  if (const auto* x = o->if_contains("port")) {
    LIAISON_RETURN_IF_ERROR(decode_int(*x, field + ".port", id.port));
  }
  if (const auto* x = o->if_contains("observed_at")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*x, field + ".observed_at", id.observed_at));
  }
  if (const auto* x = o->if_contains("note")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*x, field + ".note", id.note));
  }
  LIAISON_RETURN_IF_ERROR(validate_identifier(id, field));
  return id;
}

bool renormalise_identifiers(json::object& o) {
  json::value* ids = o.if_contains("identifiers");
  if (!ids || !ids->is_array()) return false;
  bool changed = false;
  for (json::value& v : ids->get_array()) {
    json::object* one = v.if_object();
    auto id = identifier_from_json(v, "identifier");
    if (!one || !id.is_ok()) continue;
    json::value* value = one->if_contains("value");
    if (value && value->is_string() && value->get_string() != id->value) {
      *value = id->value;
      changed = true;
    }
  }
  return changed;
}

Result<RequestContent> content_from_json(const json::value& v, const RequestContent& base) {
  const json::object* o = v.if_object();
  if (o == nullptr)
    return invalid_argument("the request content must be a JSON object", "body")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  RequestContent c = base;
  LIAISON_RETURN_IF_ERROR(decode_content_fields(*o, c));
  LIAISON_RETURN_IF_ERROR(validate_content(c));
  return c;
}

Status parties_unchanged(const json::object& patch, const RequestContent& base,
                         const std::string& prefix) {
  const std::pair<const char*, const std::string*> parties[] = {
      {"requesting_party", &base.requesting_party}, {"requested_party", &base.requested_party}};
  for (const auto& [key, party] : parties) {
    if (auto* v = patch.if_contains(key); v && !(v->is_string() && v->get_string() == *party)) {
      return invalid_argument(std::string(key) + " cannot change", prefix + key)
          .with_reason(Reason::kReadOnly);
    }
  }
  return Status::ok();
}

Result<RequestContent> content_of_document(const json::object& doc) {
  RequestContent c;
  LIAISON_RETURN_IF_ERROR(decode_content_members(doc, c));
  return c;
}

Result<EventArgs> event_args_from_json(const json::object& o) {
  LIAISON_RETURN_IF_ERROR(
      check_keys(o, {"reason", "ground", "until", "preserved_until", "rating", "requested_ref"},
                 kEventKey, ""));
  EventArgs a;
  if (const auto* v = o.if_contains("reason")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*v, "reason", a.reason));
  }
  if (const auto* v = o.if_contains("ground"); v != nullptr && !v->is_null()) {
    RefusalGround g{};
    LIAISON_RETURN_IF_ERROR(decode_enum(*v, "ground", &parse_refusal_ground, g));
    a.ground = g;
  }
  if (const auto* v = o.if_contains("until")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*v, "until", a.until));
  }
  if (const auto* v = o.if_contains("preserved_until")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*v, "preserved_until", a.preserved_until));
  }
  if (const auto* v = o.if_contains("rating")) {
    LIAISON_RETURN_IF_ERROR(decode_int(*v, "rating", a.rating));
  }
  if (const auto* v = o.if_contains("requested_ref")) {
    LIAISON_RETURN_IF_ERROR(decode_string(*v, "requested_ref", a.requested_ref));
  }
  return a;
}

}  // namespace liaison::model
