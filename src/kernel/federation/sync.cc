#include "federation/sync.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "federation/exchange.h"

namespace liaison::federation {

namespace json = boost::json;

Syncer::Syncer(node::Node& node, ClientIdentity id, SyncOptions opts)
    : node_(node), id_(std::move(id)), opts_(opts) {}

Syncer::~Syncer() { stop(); }

void Syncer::start() {
  thread_.start([this] { return pass(); });
}

void Syncer::stop() { thread_.stop(); }

void Syncer::wake() { thread_.wake(); }

namespace {
Result<json::object> parse_object(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return invalid_argument("peer answered with malformed JSON");
  return std::move(v.get_object());
}

int64_t int_of(const json::object& o, const char* key) {
  auto* p = o.if_contains(key);
  return (p && p->is_int64()) ? p->get_int64() : 0;
}

}  // namespace

Status Syncer::pull(const Peer& peer, int64_t& skew_ms) {
  for (int round = 0; round < 1000; ++round) {
    LIAISON_ASSIGN_OR_RETURN(int64_t after, held_seq(node_, peer.party));
    int64_t t0 = node_.clock().now_ms();
    LIAISON_ASSIGN_OR_RETURN(PeerResponse r,
                             peer_call(id_, peer.url, peer.tls_fingerprint, "GET",
                                       "/federation/v1/records?after=" + std::to_string(after) +
                                           "&limit=" + std::to_string(kMaxBatchRecords),
                                       ""));
    int64_t t1 = node_.clock().now_ms();
    if (r.status != 200) return unavailable("pull from " + peer.party + ": " + error_text(r));
    LIAISON_ASSIGN_OR_RETURN(json::object o, parse_object(r.body));
    // Skew from the round trip: the peer's clock minus the midpoint of ours.
    skew_ms = int_of(o, "time_ms") - (t0 + t1) / 2;
    int64_t head = int_of(o, "head");
    (void)note_contact(node_, peer.party, "", skew_ms, r.rtt_ms, head);
    auto* recs = o.if_contains("records");
    if (!recs || !recs->is_array()) return invalid_argument("peer sent no records array");
    std::vector<ledger::Record> batch;
    for (const auto& v : recs->get_array()) {
      LIAISON_ASSIGN_OR_RETURN(ledger::Record rec, from_wire(v));
      batch.push_back(std::move(rec));
    }
    if (batch.empty()) return Status::ok();
    LIAISON_ASSIGN_OR_RETURN(IngestResult res, ingest_batch(node_, peer.party, batch, skew_ms));
    if (!res.quarantined.empty()) {
      return failed_precondition("record " + peer.party + ":" +
                                 std::to_string(res.quarantined[0].first) +
                                 " quarantined: " + res.quarantined[0].second);
    }
    if (res.up_to_seq >= head) return Status::ok();
    if (res.accepted == 0) return failed_precondition("pull made no progress");
  }
  return Status::ok();
}

// A push the peer refuses as a whole (a 4xx other than authentication) holds a record it
// cannot read: the push is narrowed to one record at a time until the refused one is found,
// which is noted with the reason (peer status, the console, an alert to the administrators)
// instead of failing the same batch silently for ever.
Status Syncer::push(const Peer& peer) {
  int limit = kMaxBatchRecords;
  for (int round = 0; round < 1000; ++round) {
    // Re-read each round: the peer's pulls also move pushed_seq.
    LIAISON_ASSIGN_OR_RETURN(auto fresh, peer_by_party(node_, peer.party));
    if (!fresh) return Status::ok();  // removed meanwhile
    int64_t after = fresh->pushed_seq;
    LIAISON_ASSIGN_OR_RETURN(Batch batch,
                             outgoing_batch(node_, peer.party, after, limit, kMaxPushBytes));
    if (batch.records.empty()) return Status::ok();
    json::array arr;
    for (const auto& r : batch.records) arr.push_back(to_wire(r));
    std::string body = json::serialize(json::object{{"records", std::move(arr)}});
    LIAISON_ASSIGN_OR_RETURN(PeerResponse r, peer_call(id_, peer.url, peer.tls_fingerprint, "POST",
                                                       "/federation/v1/records", body));
    const bool refused = r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 403 &&
                         r.status != 404 && r.status != 429;
    if (refused && batch.records.size() > 1) {
      limit = 1;
      continue;
    }
    if (refused) {
      const int64_t seq = batch.records.front().seq;
      const std::string why = error_text(r);
      (void)note_refused(node_, peer.party, seq, why);
      return failed_precondition("peer " + peer.party + " refused our record " + node_.party() +
                                 ":" + std::to_string(seq) + ": " + why);
    }
    if (r.status != 200) return unavailable("push to " + peer.party + ": " + error_text(r));
    LIAISON_ASSIGN_OR_RETURN(json::object o, parse_object(r.body));
    int64_t up_to = int_of(o, "received_up_to");
    LIAISON_RETURN_IF_ERROR(note_pushed(node_, peer.party, up_to));
    if (auto* q = o.if_contains("quarantined"); q && q->is_array() && !q->get_array().empty()) {
      const auto& first = q->get_array()[0];
      int64_t seq = first.is_object() ? int_of(first.get_object(), "seq") : 0;
      std::string why;
      if (first.is_object()) {
        if (auto* w = first.get_object().if_contains("reason"); w && w->is_string()) {
          why = std::string(w->get_string());
        }
      }
      if (seq > 0) (void)note_refused(node_, peer.party, seq, "quarantined: " + why);
      return failed_precondition("peer " + peer.party + " quarantined our record " + node_.party() +
                                 ":" + std::to_string(seq) + ": " + why);
    }
    if (up_to <= after &&
        !(o.if_contains("gap") && o.at("gap").is_bool() && o.at("gap").get_bool())) {
      return failed_precondition("push made no progress");
    }
    limit = kMaxBatchRecords;
  }
  return Status::ok();
}

Status Syncer::sync_peer(const Peer& peer) {
  int64_t skew = peer.skew_ms;
  Status st = pull(peer, skew);
  if (st.is_ok()) st = push(peer);
  if (!st.is_ok()) (void)note_contact(node_, peer.party, st.message(), {}, {}, {});
  return st;
}

std::chrono::steady_clock::time_point Syncer::pass() {
  {
    auto peers = list_peers(node_);
    auto now = std::chrono::steady_clock::now();
    auto next_wake = now + opts_.idle_interval;
    if (peers.is_ok()) {
      for (const auto& p : *peers) {
        if (thread_.stopping()) return next_wake;
        auto& st = state_[p.party];
        if (st.next_attempt > now) {
          next_wake = std::min(next_wake, st.next_attempt);
          continue;
        }
        Status s = sync_peer(p);
        if (s.is_ok()) {
          st.failures = 0;
        } else {
          ++st.failures;
          auto base = opts_.first_backoff * (1LL << std::min(st.failures, 16));
          auto capped = std::min<std::chrono::milliseconds>(
              std::chrono::duration_cast<std::chrono::milliseconds>(base), opts_.max_backoff);
          std::uniform_real_distribution<double> jitter(0.5, 1.5);
          st.next_attempt = std::chrono::steady_clock::now() +
                            std::chrono::milliseconds(static_cast<int64_t>(
                                static_cast<double>(capped.count()) * jitter(rng_)));
          next_wake = std::min(next_wake, st.next_attempt);
          spdlog::warn("sync with {} failed ({} in a row): {}", p.party, st.failures, s.message());
        }
      }
    }
    return next_wake;
  }
}

}  // namespace liaison::federation
