#include "ledger/payload_schema.h"

#include <boost/json.hpp>

#include "common/clock.h"
#include "ledger/limits.h"
#include "ledger/record.h"

namespace liaison::ledger::schema {

namespace json = boost::json;

namespace {

std::string join(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

Status check_chars(std::string_view s, bool text, const std::string& field) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) continue;
    if (text && (c == '\t' || c == '\n' || c == '\r')) continue;
    return invalid_argument(
               field + (c == 0 ? " must not contain NUL" : " must not contain control characters"),
               field)
        .with_reason(Reason::kControlCharacters);
  }
  return Status::ok();
}

Status check_value(const json::value& v, const Field& f, const std::string& field);

Status check_object(const json::object& o, const Shape& shape, const std::string& prefix) {
  for (const auto& kv : o) {
    bool known = false;
    for (const auto& f : shape.fields) known = known || f.name == kv.key();
    if (!known) {
      std::string key(kv.key());
      return invalid_argument("unknown field '" + key + "'", join(prefix, key))
          .with_reason(Reason::kUnknownField);
    }
  }
  for (const auto& f : shape.fields) {
    const std::string field = join(prefix, f.name);
    const json::value* v = o.if_contains(f.name);
    if (!v) {
      if (f.required) return field_required(field);
      continue;
    }
    LIAISON_RETURN_IF_ERROR(check_value(*v, f, field));
  }
  return Status::ok();
}

Status check_value(const json::value& v, const Field& f, const std::string& field) {
  switch (f.type) {
    case Type::kString:
    case Type::kText: {
      if (!v.is_string()) return field_wrong_type(field, "string");
      std::string_view s = v.get_string();
      if (f.required && s.empty()) {
        return invalid_argument(field + " must not be empty", field).with_reason(Reason::kRequired);
      }
      const size_t max = f.max > 0 ? static_cast<size_t>(f.max) : kMaxStringBytes;
      if (s.size() > max) {
        return invalid_argument(field + " is longer than " + std::to_string(max) + " bytes", field)
            .with_reason(Reason::kTooLong, {{"max", static_cast<int64_t>(max)}});
      }
      LIAISON_RETURN_IF_ERROR(check_chars(s, f.type == Type::kText, field));
      if (!f.one_of.empty()) {
        bool ok = false;
        std::vector<std::string> allowed;
        for (auto e : f.one_of) {
          ok = ok || e == s;
          allowed.emplace_back(e);
        }
        if (!ok) return field_not_one_of(field, std::move(allowed));
      }
      return Status::ok();
    }
    case Type::kInt:
      if (!v.is_int64() || v.get_int64() < f.min || v.get_int64() > f.max) {
        return invalid_argument(field + " must be an integer from " + std::to_string(f.min) +
                                    " to " + std::to_string(f.max),
                                field)
            .with_reason(Reason::kOutOfRange, {{"min", f.min}, {"max", f.max}});
      }
      return Status::ok();
    case Type::kBool:
      if (!v.is_bool()) {
        return invalid_argument(field + " must be true or false", field)
            .with_reason(Reason::kWrongType, {{"type", std::string("boolean")}});
      }
      return Status::ok();
    case Type::kTime: {
      if (!v.is_string()) {
        return invalid_argument(field + " must be an RFC 3339 time", field)
            .with_reason(Reason::kInvalidTime);
      }
      std::string_view s = v.get_string();
      if (s.empty() && !f.required) return Status::ok();
      if (s.size() > 64 || !parse_rfc3339(s)) {
        return invalid_argument(field + " must be an RFC 3339 time", field)
            .with_reason(Reason::kInvalidTime);
      }
      return Status::ok();
    }
    case Type::kObject:
      if (!v.is_object()) return field_wrong_type(field, "object");
      return check_object(v.get_object(), *f.shape, field);
    case Type::kArray: {
      if (!v.is_array()) return field_wrong_type(field, "array");
      const auto& a = v.get_array();
      if (a.size() > static_cast<size_t>(f.max)) {
        return invalid_argument(field + " holds at most " + std::to_string(f.max) + " items", field)
            .with_reason(Reason::kTooMany, {{"max", f.max}});
      }
      if (f.required && a.empty()) {
        return invalid_argument(field + " must not be empty", field).with_reason(Reason::kRequired);
      }
      for (size_t i = 0; i < a.size(); ++i) {
        LIAISON_RETURN_IF_ERROR(check_value(a[i], *f.item, field + "[" + std::to_string(i) + "]"));
      }
      return Status::ok();
    }
    case Type::kTyped:
      if (!v.is_object()) return field_wrong_type(field, "object");
      return Status::ok();
  }
  return internal_error("unhandled schema type");
}

// Walks the whole value once: nesting and every string (keys included).
Status check_tree(const json::value& v, int depth) {
  if (v.is_object()) {
    if (depth + 1 > kMaxPayloadDepth) {
      return invalid_argument(
          "payload nests deeper than " + std::to_string(kMaxPayloadDepth) + " levels", "payload");
    }
    for (const auto& kv : v.get_object()) {
      if (kv.key().size() > kMaxStringBytes)
        return invalid_argument("a key is too long", "payload");
      LIAISON_RETURN_IF_ERROR(check_tree(kv.value(), depth + 1));
    }
  } else if (v.is_array()) {
    if (depth + 1 > kMaxPayloadDepth) {
      return invalid_argument(
          "payload nests deeper than " + std::to_string(kMaxPayloadDepth) + " levels", "payload");
    }
    for (const auto& x : v.get_array()) LIAISON_RETURN_IF_ERROR(check_tree(x, depth + 1));
  } else if (v.is_string()) {
    if (v.get_string().size() > kMaxStringBytes) {
      return invalid_argument(
          "a string is longer than " + std::to_string(kMaxStringBytes) + " bytes", "payload");
    }
  }
  return Status::ok();
}

}  // namespace

int depth_of(const json::value& v) {
  int d = 0;
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) d = std::max(d, depth_of(kv.value()));
    return d + 1;
  }
  if (v.is_array()) {
    for (const auto& x : v.get_array()) d = std::max(d, depth_of(x));
    return d + 1;
  }
  return 0;
}

Status check_payload(const json::object& payload, const Shape& shape) {
  return check_object(payload, shape, "");
}

Status check_record_limits(const Record& r, const json::value& payload) {
  if (r.kind.empty() || r.kind.size() > kMaxKindBytes) {
    return invalid_argument("record kind must be 1-" + std::to_string(kMaxKindBytes) + " bytes",
                            "kind");
  }
  if (r.object_id.empty() || r.object_id.size() > kMaxObjectIdBytes) {
    return invalid_argument("object id must be 1-" + std::to_string(kMaxObjectIdBytes) + " bytes",
                            "object_id");
  }
  LIAISON_RETURN_IF_ERROR(check_chars(r.object_id, false, "object_id"));
  if (r.recipients.size() > kMaxRecipients) {
    return invalid_argument(
        "a record goes to at most " + std::to_string(kMaxRecipients) + " parties", "recipients");
  }
  for (const auto& p : r.recipients) {
    if (p.empty() || p.size() > kMaxPartyCodeBytes) {
      return invalid_argument("a recipient is a party code", "recipients");
    }
    LIAISON_RETURN_IF_ERROR(check_chars(p, false, "recipients"));
  }
  if (r.payload.size() > kMaxPayloadBytes) {
    return Status(StatusCode::kTooLarge,
                  "record payload exceeds " + std::to_string(kMaxPayloadBytes) + " bytes",
                  "payload");
  }
  return check_tree(payload, 0);
}

}  // namespace liaison::ledger::schema
