// Reading members of a parsed JSON object without exceptions: leniently (str_of) or checked,
// as a Result naming the member (stored documents too: a projection row may be damaged, and
// a background thread must log and skip it rather than throw). Include only from .cc files
// that already use Boost.JSON. Pure; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace liaison {

// The member's text, or "" when it is absent or not a string.
inline std::string str_of(const boost::json::object& o, const char* key) {
  auto* p = o.if_contains(key);
  return (p && p->is_string()) ? std::string(p->get_string()) : std::string();
}

// Checks an input member that must be a string of at most `max` bytes (non-empty and
// present when `required`); the error names the member.
inline Status check_string_field(const boost::json::object& o, const char* key, size_t max,
                                 bool required) {
  auto* v = o.if_contains(key);
  if (!v) return required ? field_required(key) : Status::ok();
  if (!v->is_string()) return field_wrong_type(key, "string");
  if (required && v->get_string().empty()) {
    return invalid_argument(std::string(key) + " must not be empty", key)
        .with_reason(Reason::kRequired);
  }
  if (v->get_string().size() > max) {
    return invalid_argument(std::string(key) + " is too long", key)
        .with_reason(Reason::kTooLong, {{"max", static_cast<int64_t>(max)}});
  }
  return Status::ok();
}

// The member as an integer (an int64, a uint64 or a double that holds one exactly).
inline Result<int64_t> int_field(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v)
    return invalid_argument(std::string(key) + " is missing", key).with_reason(Reason::kRequired);
  boost::system::error_code ec;
  const int64_t n = v->to_number<int64_t>(ec);
  if (ec) {
    return invalid_argument(std::string(key) + " must be an integer", key)
        .with_reason(Reason::kNotInteger);
  }
  return n;
}

// The member as a string: absent or not a string is invalid_argument naming it.
inline Result<std::string> string_field(const boost::json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    return invalid_argument(std::string(key) + " must be a string", key)
        .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
  return std::string(v->get_string());
}

// The member as an array / an object (pointing into `o`).
inline Result<const boost::json::array*> array_field(const boost::json::object& o,
                                                     const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return field_wrong_type(key, "array");
  return &v->get_array();
}
inline Result<const boost::json::object*> object_field(const boost::json::object& o,
                                                       const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_object()) return field_wrong_type(key, "object");
  return &v->get_object();
}

// Reads a stored document's members into a typed projection, member by member in the order
// called; the first bad member stops the reading and is the error (later calls do nothing).
// Strict members fail as string_field / int_field / array_field do; `text_or_empty` is str_of.
//   MemberReader r(doc);
//   r.text("id", o.id).integer("version", o.version).text_or_empty("note", o.note);
//   if (!r.ok()) return r.status();
class MemberReader {
 public:
  explicit MemberReader(const boost::json::object& o) : o_(o) {}

  MemberReader& text(const char* key, std::string& out) {
    if (st_.is_ok()) assign(string_field(o_, key), out);
    return *this;
  }
  MemberReader& text_or_empty(const char* key, std::string& out) {
    if (st_.is_ok()) out = str_of(o_, key);
    return *this;
  }
  MemberReader& integer(const char* key, int64_t& out) {
    if (st_.is_ok()) assign(int_field(o_, key), out);
    return *this;
  }
  // A member that must be true or false.
  MemberReader& flag(const char* key, bool& out) {
    if (!st_.is_ok()) return *this;
    auto* v = o_.if_contains(key);
    if (!v || !v->is_bool()) {
      st_ = field_wrong_type(key, "boolean");
      return *this;
    }
    out = v->get_bool();
    return *this;
  }
  // An array of strings.
  MemberReader& texts(const char* key, std::vector<std::string>& out) {
    return each(key, out, [key](const boost::json::value& v) -> Result<std::string> {
      if (!v.is_string())
        return invalid_argument(std::string(key) + " must hold strings", key)
            .with_reason(Reason::kWrongType, {{"type", std::string("string")}});
      return std::string(v.get_string());
    });
  }
  // An array, each element read by `item(const json::value&) -> Result<T>`.
  template <typename T, typename Item>
  MemberReader& each(const char* key, std::vector<T>& out, Item item) {
    if (!st_.is_ok()) return *this;
    auto a = array_field(o_, key);
    if (!a.is_ok()) {
      st_ = a.status();
      return *this;
    }
    out.reserve((*a)->size());
    for (const auto& v : **a) {
      Result<T> x = item(v);
      if (!x.is_ok()) {
        st_ = x.status();
        return *this;
      }
      out.push_back(std::move(*x));
    }
    return *this;
  }
  // A rule over what was read so far (`check() -> Status`), in its place in the order.
  template <typename Check>
  MemberReader& then(Check check) {
    if (st_.is_ok()) st_ = check();
    return *this;
  }

  bool ok() const { return st_.is_ok(); }
  Status status() const { return st_; }

 private:
  template <typename T, typename U>
  void assign(Result<T> r, U& out) {
    if (r.is_ok()) {
      out = std::move(*r);
    } else {
      st_ = r.status();
    }
  }

  const boost::json::object& o_;
  Status st_;
};

// Text that must be one JSON object (a stored document); `what` names it in the error.
inline Result<boost::json::object> parse_json_object(std::string_view text, const char* what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return invalid_argument(std::string(what) + " is not a JSON object")
        .with_reason(Reason::kWrongType, {{"type", std::string("object")}});
  return std::move(v.get_object());
}

// A stored document's text read into a typed projection by `from_doc(const object&) ->
// Result<T>`; text that is not one JSON object is invalid_argument naming `what`.
template <typename T, typename FromDoc>
Result<T> typed_from_text(std::string_view text, const char* what, FromDoc from_doc) {
  LIAISON_ASSIGN_OR_RETURN(boost::json::object doc, parse_json_object(text, what));
  return from_doc(doc);
}

}  // namespace liaison
