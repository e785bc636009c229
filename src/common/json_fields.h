// Reading members of a parsed JSON object leniently (documents this node wrote itself).
// Include only from .cc files that already use Boost.JSON. Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string>

namespace liaison {

// The member's text, or "" when it is absent or not a string.
inline std::string str_of(const boost::json::object& o, const char* key) {
  auto* p = o.if_contains(key);
  return (p && p->is_string()) ? std::string(p->get_string()) : std::string();
}

}  // namespace liaison
