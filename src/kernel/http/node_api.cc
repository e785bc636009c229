// Health, node information, the OpenAPI document and the audit log.
#include "common/integer_text.h"
#include "http/api_internal.h"
#include "http/export.h"
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

// The filter of GET /audit: actor, action (prefix), object (substring), from/to (RFC 3339).
Result<node::AuditFilter> audit_filter(const Request& req) {
  node::AuditFilter f{req.query_param("actor"), req.query_param("action"),
                      req.query_param("object"), req.query_param("from"), req.query_param("to")};
  for (auto [name, v] : {std::pair{"from", &f.from}, {"to", &f.to}}) {
    // The log's times are "YYYY-MM-DDTHH:MM:SS…Z"; a date alone compares as its midnight.
    if (!v->empty() && (v->size() < 10 || (*v)[4] != '-' || (*v)[7] != '-')) {
      return invalid_argument(std::string(name) + " must be an RFC 3339 time or a date", name)
          .with_reason(Reason::kInvalidTime);
    }
  }
  for (auto [name, v] :
       {std::pair{"actor", &f.actor}, {"action", &f.action}, {"object", &f.object}}) {
    if (v->size() > 200)
      return invalid_argument(std::string(name) + " is too long", name)
          .with_reason(Reason::kTooLong, {{"max", int64_t{200}}});
  }
  return f;
}

// The whole filtered log as a file (format=csv|xlsx).
Response audit_file(Context& ctx, const node::AuditFilter& f, const Export& e) {
  auto log = node::audit_page(ctx.node, f, 1, kMaxExportRows + 1);
  if (!log.is_ok()) return error_response(log.status());
  if (Status st = check_export_rows(log->items.size()); !st.is_ok()) return error_response(st);
  using outputs::ColumnKind;
  outputs::Table t{{{"seq", "Seq", "序号", ColumnKind::kNumber},
                    {"at", "Time (UTC)", "时间 (UTC)", ColumnKind::kTime},
                    {"actor", "Actor", "操作者"},
                    {"action", "Action", "操作"},
                    {"object", "Object", "对象"},
                    {"remote", "Remote address", "来源地址"},
                    {"hash", "Hash", "哈希"}},
                   {}};
  for (const auto& a : log->items) {
    t.rows.push_back({a.seq, a.at, a.actor, a.action, a.object, a.remote, a.hash});
  }
  return export_response(ctx, t, e, "audit");
}

Response audit_log(Context& ctx) {
  auto f = audit_filter(ctx.req);
  if (!f.is_ok()) return error_response(f.status());
  auto e = export_of(ctx.req);
  if (!e.is_ok()) return error_response(e.status());
  if (e->is_file()) return audit_file(ctx, *f, *e);
  auto p = paging(ctx.req, 50, 200);
  if (!p.is_ok()) return error_response(p.status());
  auto log = node::audit_page(ctx.node, *f, p->page, p->per_page);
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
