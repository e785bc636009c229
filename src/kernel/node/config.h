// A node's configuration: DIR/config.toml, overridable by environment variables
// (LIAISON_LISTEN, …) and command-line flags, in that order of precedence (flags win).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::node {

struct NodeConfig {
  std::string party;             // [node] party
  std::string name;              // [node] name
  std::string timezone = "UTC";  // [node] timezone (IANA)
  std::string url;               // [node] url: how peers reach this node (default from listen)
  std::string listen = "127.0.0.1:8443";       // [server] listen
  bool insecure_http = false;                  // [server] insecure_http (loopback only)
  int threads = 2;                             // [server] threads
  std::string web_root;                        // [server] web_root
  int64_t max_body_bytes = 1 << 20;            // [limits] max_body_bytes
  int64_t max_attachment_bytes = 256ll << 20;  // [limits] max_attachment_bytes
  // The bytes of other parties' attachments this node holds from any one of them (received
  // and arriving); a file that would pass it is refused and its sender told why.
  int64_t peer_blob_quota_bytes = 16ll << 30;  // [limits] peer_blob_quota_bytes
  std::string log_level = "info";              // [log] level
  // Notifications (docs/HOTLINE.md). E-mail is off while smtp_url is empty.
  std::string smtp_url;                         // [notify] smtp_url, e.g. smtp://127.0.0.1:25
  std::string smtp_from = "liaison@localhost";  // [notify] smtp_from
  std::string smtp_username, smtp_password;     // [notify] smtp_username / smtp_password
  bool notify_insecure_tls = false;             // [notify] insecure_tls (tests only)
  int64_t hotline_tick_ms = 1000;               // [notify] tick_ms: how often ladders are checked
  // Host names and addresses a webhook may reach although they are loopback, link-local or
  // private (hotline::webhook_target): none by default.
  std::vector<std::string> webhook_allow;  // [notify] webhook_allow
  // The 24/7 directory: an entry not verified for this many days is stale, and its
  // maintainers are reminded (docs/HOTLINE.md).
  int64_t contact_verify_days = 90;  // [directory] verify_days
  // The store implementation (store/open.h): "sqlite"; LIAISON_STORE overrides it.
  std::string store_kind = "sqlite";  // [store] kind
};

Result<NodeConfig> load_config(const std::string& path);
Status save_config(const std::string& path, const NodeConfig& c);

// Validates a party code: 2–8 upper-case letters or digits.
bool valid_party_code(const std::string& code);
// Validates an IANA time-zone name against the system's zoneinfo.
bool valid_timezone(const std::string& tz);

}  // namespace liaison::node
