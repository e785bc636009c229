// The command line's `party`, `peer` and `quarantine`: the other parties, their nodes, and records
// refused from them.
#include "federation/peers.h"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"
#include "store/pool.h"
#include "store/records.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

class PartyCommands {
 public:
  PartyCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // party
    auto* party_cmd = app.add_subcommand("party", "Parties this node works with");
    party_cmd->require_subcommand(1);
    auto* party_add = party_cmd->add_subcommand("add", "Register another party");
    add_data_option(party_add, party_data);
    // One vocabulary with `peer add` and `peer remove`: --party CODE (--code stays, hidden).
    party_add->add_option("--party", party.code, "Party code, e.g. US")
        ->envname("LIAISON_PARTY_CODE");
    party_add->add_option("--code", party.code)->group("");
    party_add->add_option("--name", party.name, "Party name")
        ->envname("LIAISON_PARTY_NAME")
        ->required();
    party_add->add_option("--timezone", party.timezone, "IANA time zone")
        ->envname("LIAISON_PARTY_TIMEZONE")
        ->default_val("UTC");
    party_add->add_option("--key", party.public_key_b64, "The party's Ed25519 public key (base64)")
        ->envname("LIAISON_PARTY_KEY");
    party_add->callback([&] {
      if (party.code.empty()) {
        std::cerr << "liaison: party add: --party CODE is required\n";
        rc = kExitUsage;
        return;
      }
      auto node = open_node_or_fail(party_data, clock, rc);
      if (!node) return;
      if (Status st = node->add_party(party); !st.is_ok())
        rc = fail(st);
      else
        std::cout << "added party " << party.code << "\n";
    });
    auto* party_list = party_cmd->add_subcommand("list", "List parties");
    add_data_option(party_list, party_data);
    party_list->callback([&] {
      auto node = open_node_or_fail(party_data, clock, rc);
      if (!node) return;
      auto ps = node->parties();
      if (!ps.is_ok()) {
        rc = fail(ps.status());
        return;
      }
      for (const auto& p : *ps) {
        std::cout << p.code << "\t" << p.name << "\t" << p.timezone << "\t"
                  << (p.is_local ? "local" : "peer") << "\t" << p.public_key_b64 << "\n";
      }
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string party_data;
  node::Party party;
};

class PeerCommands {
 public:
  PeerCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // peer
    auto* peer = app.add_subcommand("peer", "Peers: other parties' nodes");
    peer->require_subcommand(1);
    auto* peer_add =
        peer->add_subcommand("add", "Register a peer (pinned key and TLS fingerprint)");
    add_data_option(peer_add, peer_data);
    peer_add->add_option("--party", peer_spec.party, "The peer's party code")
        ->envname("LIAISON_PEER_PARTY")
        ->required();
    peer_add->add_option("--url", peer_spec.url, "https://HOST:PORT of the peer")
        ->envname("LIAISON_PEER_URL")
        ->required();
    peer_add->add_option("--key", peer_spec.key_b64, "The peer's Ed25519 public key (base64)")
        ->envname("LIAISON_PEER_KEY")
        ->required();
    peer_add
        ->add_option("--tls-fingerprint", peer_spec.tls_fingerprint,
                     "SHA-256 of the peer's TLS certificate (hex)")
        ->envname("LIAISON_PEER_TLS_FINGERPRINT")
        ->required();
    peer_add->add_option("--name", peer_spec.name, "The party's name (if not yet registered)");
    peer_add->add_option("--timezone", peer_spec.timezone, "The party's IANA time zone")
        ->default_val("UTC");
    peer_add->callback([&] {
      auto node = open_node_or_fail(peer_data, clock, rc);
      if (!node) return;
      if (Status st = federation::add_peer(*node, cli_actor(), peer_spec); !st.is_ok())
        rc = fail(st);
      else
        std::cout << "peer " << peer_spec.party << " at " << peer_spec.url << "\n";
    });
    auto* peer_remove = peer->add_subcommand("remove", "Stop exchanging records with a peer");
    add_data_option(peer_remove, peer_data);
    // --party CODE as in `peer add` (the bare code still works, as before).
    peer_remove->add_option("--party", peer_spec.party, "The peer's party code")
        ->envname("LIAISON_PEER_PARTY");
    peer_remove->add_option("party", peer_spec.party)->group("");
    peer_remove->callback([&] {
      if (peer_spec.party.empty()) {
        std::cerr << "liaison: peer remove: --party CODE is required\n";
        rc = kExitUsage;
        return;
      }
      auto node = open_node_or_fail(peer_data, clock, rc);
      if (!node) return;
      if (Status st = federation::remove_peer(*node, cli_actor(), peer_spec.party); !st.is_ok()) {
        rc = fail(st);
      } else {
        std::cout << "removed peer " << peer_spec.party << "\n";
      }
    });
    auto* peer_list = peer->add_subcommand("list", "List peers");
    add_data_option(peer_list, peer_data);
    peer_list->add_flag("--json", peer_json_out, "JSON lines");
    peer_list->callback([&] { print_peers(false); });
    auto* peer_status = peer->add_subcommand("status",
                                             "Last contact, backlog each way, clock skew, "
                                             "last error");
    add_data_option(peer_status, peer_data);
    peer_status->add_flag("--json", peer_json_out, "JSON lines");
    peer_status->callback([&] { print_peers(true); });

    add_quarantine(app);
  }

 private:
  // `peer list` (party, URL, fingerprint) or `peer status` (contact, backlog, skew, a refused
  // record); JSON lines with --json.
  void print_peers(bool status) {
    auto node = open_node_or_fail(peer_data, clock, rc);
    if (!node) return;
    auto peers = federation::list_peers(*node);
    if (!peers.is_ok()) {
      rc = fail(peers.status());
      return;
    }
    if (peers->empty() && !peer_json_out) {
      std::cerr << "no peers (add one with `liaison peer add`)\n";
      return;
    }
    for (const auto& p : *peers) {
      if (peer_json_out) {
        std::cout << json::serialize(json::object{{"party", p.party},
                                                  {"url", p.url},
                                                  {"tls_fingerprint", p.tls_fingerprint},
                                                  {"last_contact", p.last_contact},
                                                  {"last_error", p.last_error},
                                                  {"backlog_out", p.backlog_out()},
                                                  {"backlog_in", p.backlog_in()},
                                                  {"skew_ms", p.skew_ms},
                                                  {"rtt_ms", p.rtt_ms},
                                                  {"pushed_seq", p.pushed_seq},
                                                  {"held_seq", p.held_seq},
                                                  {"refused_seq", p.refused_seq},
                                                  {"refused_reason", p.refused_reason},
                                                  {"refused_at", p.refused_at}})
                  << "\n";
      } else if (status) {
        std::cout << p.party << "  last contact "
                  << (p.last_contact.empty() ? "never" : p.last_contact) << "  backlog out "
                  << p.backlog_out() << " in " << p.backlog_in() << "  skew " << p.skew_ms
                  << " ms  rtt " << p.rtt_ms << " ms"
                  << (p.last_error.empty() ? "" : "  last error: " + p.last_error) << "\n";
        if (p.refused_seq > 0) {
          std::cout << "  REFUSED: " << p.party << " refuses our record " << p.refused_seq
                    << " since " << p.refused_at
                    << " (replication to it is held): " << p.refused_reason << "\n";
        }
      } else {
        std::cout << p.party << "\t" << p.url << "\t" << p.tls_fingerprint << "\n";
      }
    }
  }

  // `quarantine`: records refused from peers, oldest first, with their reasons.
  void add_quarantine(CLI::App& app) {
    auto* quarantine = app.add_subcommand("quarantine", "Records refused from peers, with reasons");
    add_data_option(quarantine, q_data);
    quarantine->callback([&] {
      auto node = open_node_or_fail(q_data, clock, rc);
      if (!node) return;
      Status st = node->pool().read([&](store::Db& db) -> Status {
        LIAISON_ASSIGN_OR_RETURN(auto rows, store::newest_quarantined(db, INT64_MAX));
        if (rows.empty()) std::cerr << "no records in quarantine\n";
        for (auto q = rows.rbegin(); q != rows.rend(); ++q) {  // oldest first
          std::cout << q->received_at << "  " << q->origin << ":" << q->seq << "  " << q->reason
                    << "\n";
        }
        return Status::ok();
      });
      if (!st.is_ok()) rc = fail(st);
    });
  }

  const Clock& clock;
  int& rc;
  std::string peer_data;
  federation::PeerSpec peer_spec;
  bool peer_json_out = false;
  std::string q_data;
};

}  // namespace

void add_party_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<PartyCommands>(app, sh));
}
void add_peer_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<PeerCommands>(app, sh));
}

}  // namespace liaison::cli
