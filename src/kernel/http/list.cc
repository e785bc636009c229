#include "http/list.h"

#include "common/integer_text.h"
#include "http/api.h"

namespace liaison::http {

namespace json = boost::json;

Result<Paging> paging(const Request& req, int fallback_per_page, int max_per_page) {
  LIAISON_ASSIGN_OR_RETURN(int64_t page, query_integer(req, "page", 1, kMaxPage, 1));
  LIAISON_ASSIGN_OR_RETURN(int64_t per_page,
                           query_integer(req, "per_page", 1, max_per_page, fallback_per_page));
  return Paging{static_cast<int>(page), static_cast<int>(per_page)};
}

json::object list_envelope(json::array items, int64_t total, const Paging& p) {
  return json::object{
      {"items", std::move(items)}, {"total", total}, {"page", p.page}, {"per_page", p.per_page}};
}

json::object list_envelope(json::array items) {
  const int n = static_cast<int>(items.size());
  return list_envelope(std::move(items), n, Paging{1, n});
}

Response list_response(json::array items, int64_t total, const Paging& p) {
  return json_response(200, json::serialize(list_envelope(std::move(items), total, p)));
}

Response list_response(json::array items) {
  return json_response(200, json::serialize(list_envelope(std::move(items))));
}

}  // namespace liaison::http
