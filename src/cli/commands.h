// The command line's subcommand groups, one file each (node_commands.cc, serve.cc, peers.cc,
// users.cc, requests.cc, sweep.cc, evidence.cc,
// reports.cc, cases.cc); run() (cli.cc) adds them in the order
// `liaison --help` lists them.
#pragma once

namespace CLI {
class App;
}

namespace liaison::cli {

struct Shell;

void add_init_command(CLI::App& app, Shell& sh);       // node_commands.cc
void add_serve_command(CLI::App& app, Shell& sh);      // serve.cc
void add_party_commands(CLI::App& app, Shell& sh);     // peers.cc
void add_user_commands(CLI::App& app, Shell& sh);      // users.cc: user, token
void add_request_commands(CLI::App& app, Shell& sh);   // requests.cc
void add_identity_command(CLI::App& app, Shell& sh);   // node_commands.cc
void add_peer_commands(CLI::App& app, Shell& sh);      // peers.cc: peer, quarantine
void add_sweep_command(CLI::App& app, Shell& sh);      // sweep.cc
void add_verify_command(CLI::App& app, Shell& sh);     // node_commands.cc
void add_evidence_commands(CLI::App& app, Shell& sh);  // evidence.cc
void add_report_commands(CLI::App& app, Shell& sh);    // reports.cc
void add_case_commands(CLI::App& app, Shell& sh);      // cases.cc
void add_demo_command(CLI::App& app, Shell& sh);       // node_commands.cc

}  // namespace liaison::cli
