// libFuzzer entry point for the request JSON decoders (content_from_json,
// event_args_from_json). Besides "never crash", it checks that whatever decodes re-encodes
// and decodes to the same struct, which catches normalisers that are not idempotent.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "model/request_json.h"

namespace {

namespace json = boost::json;
using liaison::model::RequestContent;

void check_round_trip(const RequestContent& c) {
  const json::object encoded = liaison::model::to_json(c);
  const auto again = liaison::model::content_from_json(encoded);
  if (!again.is_ok() || !(*again == c)) std::abort();
}

RequestContent filled_base() {
  RequestContent base;
  base.requesting_party = "CN";
  base.requested_party = "US";
  base.title.original = "base";
  base.mla_to_follow = false;
  return base;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  const json::value v =
      json::parse(json::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec) return 0;

  const auto content = liaison::model::content_from_json(v);
  if (content.is_ok()) {
    check_round_trip(*content);
    (void)liaison::model::assess(*content);
  }
  static const RequestContent base = filled_base();
  const auto patched = liaison::model::content_from_json(v, base);
  if (patched.is_ok()) check_round_trip(*patched);

  if (const json::object* o = v.if_object()) {
    const auto args = liaison::model::event_args_from_json(*o);
    if (args.is_ok()) {
      const auto again = liaison::model::event_args_from_json(liaison::model::to_json(*args));
      if (!again.is_ok() || !(*again == *args)) std::abort();
    }
  }
  return 0;
}
