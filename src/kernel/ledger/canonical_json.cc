#include "ledger/canonical_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace liaison::ledger {

namespace json = boost::json;

namespace {

// UTF-8 to UTF-16 code units, for the member order RFC 8785 §3.2.3 prescribes.
std::u16string utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    int len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1f;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0f;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void write_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// ECMAScript Number::toString (ECMA-262 7.1.12.1) from the shortest round-trip digits.
Status write_double(std::string& out, double d) {
  if (std::isnan(d) || std::isinf(d)) return invalid_argument("NaN or infinity in JSON");
  if (d == 0) {
    out += '0';
    return Status::ok();
  }
  if (d < 0) {
    out += '-';
    d = -d;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(r.ptr - buf));
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int k = static_cast<int>(digits.size());
  int n = exp + 1;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return Status::ok();
}

Status write(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_:
      return write_double(out, v.get_double());
    case json::kind::string:
      write_string(out, v.get_string());
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        LIAISON_RETURN_IF_ERROR(write(out, e));
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      const auto& o = v.get_object();
      std::vector<std::pair<std::u16string, const json::key_value_pair*>> members;
      members.reserve(o.size());
      for (const auto& kv : o) members.emplace_back(utf16(kv.key()), &kv);
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      bool first = true;
      for (const auto& [k16, kv] : members) {
        if (!first) out += ',';
        first = false;
        write_string(out, kv->key());
        out += ':';
        LIAISON_RETURN_IF_ERROR(write(out, kv->value()));
      }
      out += '}';
      break;
    }
  }
  return Status::ok();
}

}  // namespace

Result<std::string> canonical_json(const json::value& v) {
  std::string out;
  LIAISON_RETURN_IF_ERROR(write(out, v));
  return out;
}

Result<std::string> canonicalize(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalid_argument("malformed JSON: " + ec.message());
  return canonical_json(v);
}

// Boost.JSON 1.81 does not parse every decimal to the nearest double, so two
// implementations could canonicalise one decimal differently: payloads carry integers only
// (decimals travel as strings).
bool has_double(const boost::json::value& v) {
  if (v.is_double()) return true;
  if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (has_double(e)) return true;
    }
  }
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (has_double(kv.value())) return true;
    }
  }
  return false;
}

}  // namespace liaison::ledger
