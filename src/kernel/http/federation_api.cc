// Node-to-node endpoints under /federation/v1 (peers authenticate with their pinned client
// certificate) and the administrators' view of peers and the quarantine under /api/v1.
#include <boost/json.hpp>

#include "federation/exchange.h"
#include "federation/peers.h"
#include "http/api_internal.h"
#include "http/list.h"
#include "node/transfers.h"

namespace liaison::http {

namespace json = boost::json;
using node::Role;

namespace {

Response hello(Context& ctx) {
  auto head = federation::held_seq(ctx.node, ctx.node.party());
  if (!head.is_ok()) return error_response(head.status());
  return json_response(200, json::object{{"party", ctx.node.party()},
                                         {"peer", ctx.peer_party},
                                         {"time_ms", ctx.node.clock().now_ms()},
                                         {"head", *head}});
}

Response pull(Context& ctx) {
  auto after = query_integer(ctx.req, "after", 0, INT64_MAX / 2, 0);
  if (!after.is_ok()) return error_response(after.status());
  auto limit = query_integer(ctx.req, "limit", 1, federation::kMaxBatchRecords,
                             federation::kMaxBatchRecords);
  if (!limit.is_ok()) return error_response(limit.status());
  // A pull after N says the caller holds our chain up to N (it verified every link), so
  // pushing those again would be wasted.
  if (*after > 0) {
    auto head = federation::held_seq(ctx.node, ctx.node.party());
    if (head.is_ok() && *after <= *head) {
      (void)federation::note_pushed_at_least(ctx.node, ctx.peer_party, *after);
    }
  }
  auto batch =
      federation::outgoing_batch(ctx.node, ctx.peer_party, *after, static_cast<int>(*limit));
  if (!batch.is_ok()) return error_response(batch.status());
  json::array recs;
  for (const auto& r : batch->records) recs.push_back(federation::to_wire(r));
  return json_response(200, json::object{{"records", std::move(recs)},
                                         {"head", batch->head},
                                         {"time_ms", ctx.node.clock().now_ms()}});
}

Response push(Context& ctx) {
  auto body = parse_body(ctx.req, ledger::kMaxWireDepth);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  auto* recs = body->get_object().if_contains("records");
  if (!recs || !recs->is_array()) {
    return error_response(field_wrong_type("records", "array"));
  }
  if (recs->get_array().size() > static_cast<size_t>(federation::kMaxBatchRecords)) {
    return error_response(
        Status(StatusCode::kTooLarge, "too many records in one batch", "records"));
  }
  std::vector<ledger::Record> batch;
  size_t i = 0;
  for (const auto& v : recs->get_array()) {
    auto r = federation::from_wire(v);
    if (!r.is_ok()) {
      return error_response(
          invalid_argument(r.status().message(), "records[" + std::to_string(i) + "]")
              .with_reason(r.status().reason(), r.status().params()));
    }
    batch.push_back(std::move(*r));
    ++i;
  }
  auto peer = federation::peer_by_party(ctx.node, ctx.peer_party);
  int64_t skew = (peer.is_ok() && *peer) ? (*peer)->skew_ms : 0;
  auto res = federation::ingest_batch(ctx.node, ctx.peer_party, batch, skew);
  if (!res.is_ok()) return error_response(res.status());
  json::array quarantined;
  for (const auto& [seq, why] : res->quarantined) {
    quarantined.push_back(json::object{{"seq", seq}, {"reason", why}});
  }
  return json_response(
      200, json::object{{"received_up_to", res->up_to_seq},
                        {"head_hash", res->head_hash},
                        {"accepted", res->accepted},
                        {"gap", res->gap},
                        {"quarantined", std::move(quarantined)},
                        {"receipt", res->receipt ? json::value(federation::to_wire(*res->receipt))
                                                 : json::value(nullptr)},
                        {"time_ms", ctx.node.clock().now_ms()}});
}

// A byte range of one of our attachments, for a peer that a record of ours addressed
// (node::serve_blob); the receiver checks the whole against the signed SHA-256.
Response blob_range(Context& ctx) {
  auto offset = query_integer(ctx.req, "offset", 0, INT64_MAX / 2, 0);
  if (!offset.is_ok()) return error_response(offset.status());
  auto length = query_integer(ctx.req, "length", 1, node::kMaxServeBytes, node::kMaxServeBytes);
  if (!length.is_ok()) return error_response(length.status());
  auto range = node::serve_blob(ctx.node, ctx.peer_party, ctx.params["sha256"], *offset, *length);
  if (!range.is_ok()) return error_response(range.status());
  Response r;
  r.content_type = "application/octet-stream";
  r.set_header("X-Blob-Size", std::to_string(range->size));
  r.set_header("Cache-Control", "no-store");
  r.body = std::move(range->data);
  return r;
}

Response receipts(Context& ctx) {
  auto docs = federation::receipts_from(ctx.node, ctx.peer_party);
  if (!docs.is_ok()) return error_response(docs.status());
  json::array items;
  for (const auto& d : *docs) items.push_back(parse_doc(d));
  return list_response(std::move(items));
}

json::object peer_json(const federation::Peer& p) {
  return json::object{
      {"party", p.party},
      {"url", p.url},
      {"tls_fingerprint", p.tls_fingerprint},
      {"added_at", p.added_at},
      {"last_contact", p.last_contact},
      {"last_error", p.last_error},
      {"skew_ms", p.skew_ms},
      {"rtt_ms", p.rtt_ms},
      {"pushed_seq", p.pushed_seq},
      {"local_head", p.local_head},
      {"held_seq", p.held_seq},
      {"remote_head", p.remote_head},
      {"backlog_out", p.backlog_out()},
      {"backlog_in", p.backlog_in()},
      {"refused", p.refused_seq > 0 ? json::value(json::object{{"seq", p.refused_seq},
                                                               {"reason", p.refused_reason},
                                                               {"since", p.refused_at}})
                                    : json::value(nullptr)}};
}

Response list_peers(Context& ctx) {
  auto peers = federation::list_peers(ctx.node);
  if (!peers.is_ok()) return error_response(peers.status());
  json::array items;
  for (const auto& p : *peers) items.push_back(peer_json(p));
  return list_response(std::move(items));
}

// POST /peers: the fields `liaison identity --json` prints (party, url, key,
// tls_fingerprint), plus the party's name and time zone when the node does not know it yet.
Response add_peer(Context& ctx) {
  auto body = parse_body(ctx.req);
  if (!body.is_ok()) return error_response(body.status());
  if (!body->is_object()) return error_response(field_wrong_type("body", "object"));
  const auto& o = body->get_object();
  federation::PeerSpec spec;
  const std::pair<const char*, std::string*> fields[] = {
      {"party", &spec.party}, {"url", &spec.url},
      {"key", &spec.key_b64}, {"tls_fingerprint", &spec.tls_fingerprint},
      {"name", &spec.name},   {"timezone", &spec.timezone}};
  for (const auto& kv : o) {
    bool known = false;
    for (const auto& [name, out] : fields) {
      if (kv.key() != name) continue;
      known = true;
      if (!kv.value().is_string()) {
        return error_response(field_wrong_type(name, "string"));
      }
      *out = std::string(kv.value().get_string());
    }
    if (!known) {
      return error_response(
          invalid_argument("unknown field '" + std::string(kv.key()) + "'", kv.key())
              .with_reason(Reason::kUnknownField));
    }
  }
  for (const char* required : {"party", "url", "key", "tls_fingerprint"}) {
    if (!o.contains(required)) {
      return error_response(field_required(required));
    }
  }
  if (spec.timezone.empty()) spec.timezone = "UTC";
  if (Status st = federation::add_peer(ctx.node, ctx.actor, spec); !st.is_ok()) {
    return error_response(st);
  }
  auto peer = federation::peer_by_party(ctx.node, spec.party);
  if (!peer.is_ok()) return error_response(peer.status());
  if (!*peer) return error_response(internal_error("peer " + spec.party + " not stored"));
  return json_response(201, peer_json(**peer));
}

Response remove_peer(Context& ctx) {
  return no_content_or_error(federation::remove_peer(ctx.node, ctx.actor, ctx.params["party"]));
}

Response quarantine(Context& ctx) {
  auto page = federation::quarantine_page(ctx.node, 500);
  if (!page.is_ok()) return error_response(page.status());
  json::array items;
  for (const auto& q : page->items) {
    items.push_back(json::object{{"id", q.id},
                                 {"origin", q.origin},
                                 {"seq", q.seq},
                                 {"reason", q.reason},
                                 {"record", parse_doc(q.record)},
                                 {"received_at", q.received_at}});
  }
  const int shown = static_cast<int>(items.size());
  return list_response(std::move(items), page->total, Paging{1, shown});
}

}  // namespace

void add_federation_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/federation/v1/hello", {}, hello, true});
  routes.push_back({"GET", "/federation/v1/records", {}, pull, true});
  routes.push_back({"POST", "/federation/v1/records", {}, push, true});
  routes.push_back({"GET", "/federation/v1/receipts", {}, receipts, true});
  routes.push_back({"GET", "/federation/v1/blobs/{sha256}", {}, blob_range, true});
}

void add_peer_routes(std::vector<Route>& routes) {
  const node::RoleSet admins = {Role::kAdministrator, Role::kAuditor};
  routes.push_back({"GET", "/api/v1/peers", all_role_set(), list_peers});
  routes.push_back({"GET", "/api/v1/quarantine", admins, quarantine});
  routes.push_back({"POST", "/api/v1/peers", {Role::kAdministrator}, add_peer});
  routes.push_back({"DELETE", "/api/v1/peers/{party}", {Role::kAdministrator}, remove_peer});
}

}  // namespace liaison::http
