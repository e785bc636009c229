// Health, node information, the OpenAPI document and the audit log.
#include "common/integer_text.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "node/audit.h"

#ifndef LIAISON_VERSION
#define LIAISON_VERSION "dev"
#endif

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

Response node_info(Context& ctx) {
  json::object o;
  o["party"] = ctx.node.party();
  o["name"] = ctx.node.config().name;
  o["timezone"] = ctx.node.config().timezone;
  o["public_key"] = ctx.node.ledger().key().public_key_b64();
  o["version"] = LIAISON_VERSION;
  json::array parties;
  auto ps = ctx.node.parties();
  if (!ps.is_ok()) return error_response(ps.status());
  for (const auto& p : *ps) {
    parties.push_back(json::object{{"code", p.code},
                                   {"name", p.name},
                                   {"timezone", p.timezone},
                                   {"is_local", p.is_local},
                                   {"public_key", p.public_key_b64}});
  }
  o["parties"] = std::move(parties);
  return json_response(200, o);
}

Response audit_log(Context& ctx) {
  auto p = paging(ctx.req, 50, 200);
  if (!p.is_ok()) return error_response(p.status());
  auto log = node::audit_page(ctx.node, p->page, p->per_page);
  if (!log.is_ok()) return error_response(log.status());
  json::array items;
  for (const auto& e : log->items) {
    items.push_back(json::object{{"seq", e.seq},
                                 {"at", e.at},
                                 {"actor", e.actor},
                                 {"action", e.action},
                                 {"object", e.object},
                                 {"remote", e.remote},
                                 {"hash", e.hash}});
  }
  return list_response(std::move(items), log->total, *p);
}

}  // namespace

void add_node_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/healthz", {}, [](Context&) {
                      return json_response(200, std::string(R"({"status":"ok"})"));
                    }});
  routes.push_back({"GET", "/readyz", {}, [](Context& ctx) {
                      if (!ctx.node.store_ready())
                        return error_response(unavailable("store not ready"));
                      return json_response(200, std::string(R"({"status":"ready"})"));
                    }});
  routes.push_back({"GET", "/api/v1/openapi.json", {}, [](Context&) {
                      return json_response(200, openapi_document());
                    }});
  routes.push_back({"GET", "/api/v1/node", all_role_set(), node_info});
  routes.push_back({"GET", "/api/v1/audit", {Role::kAdministrator, Role::kAuditor}, audit_log});
}

}  // namespace liaison::http
