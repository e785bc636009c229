// The one place that composes liaison's capabilities (brief §6): every capability's record
// kinds, HTTP routes and start-up steps are registered here, and nowhere else names them all.
// Adding a capability means adding its folder and lines here (docs/ARCHITECTURE.md, "Adding a
// capability").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "http/api.h"
#include "ledger/kinds.h"
#include "node/node.h"

namespace liaison::app {

// Every record kind of every capability, built once on first use, immutable after (so
// thread-safe to read). Aborts at start-up if two capabilities claim one kind or table.
const ledger::KindRegistry& record_kinds();

// Every capability's HTTP routes, for http::Api.
std::vector<http::Route> routes();
// The requests `serve` runs on threads of their own (http::ServerOptions::offload: the
// register's text searches), and the answer to one turned away there.
bool offloaded(const http::Request& req);
http::Response offload_busy_response();

// Opens the node in DIR with every capability: its record kinds, then each capability's
// step at opening (the directory carries its pre-ledger table into records once) and for a
// new party (the directory's live entries are sent to it).
Result<std::unique_ptr<node::Node>> open_node(const std::string& dir, const Clock& clock);

// Creates a node in opts.dir (`liaison init`) with every capability's record kinds.
Result<node::InitResult> init_node(const node::InitOptions& opts, const Clock& clock);

}  // namespace liaison::app
