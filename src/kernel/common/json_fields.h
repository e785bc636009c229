// Reading members of a parsed JSON object leniently (documents this node wrote itself).
// Include only from .cc files that already use Boost.JSON. Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string>

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
  if (!v) return required ? invalid_argument(std::string(key) + " is required", key) : Status::ok();
  if (!v->is_string()) return invalid_argument(std::string(key) + " must be a string", key);
  if (required && v->get_string().empty()) {
    return invalid_argument(std::string(key) + " must not be empty", key);
  }
  if (v->get_string().size() > max) return invalid_argument(std::string(key) + " is too long", key);
  return Status::ok();
}

}  // namespace liaison
