#include "node/config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>

namespace liaison::node {

bool valid_party_code(const std::string& code) {
  if (code.size() < 2 || code.size() > 8) return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool valid_timezone(const std::string& tz) {
  if (tz == "UTC") return true;
  if (tz.empty() || tz.find("..") != std::string::npos || tz[0] == '/') return false;
  for (char c : tz) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+')) {
      return false;
    }
  }
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + tz);
}

Result<NodeConfig> load_config(const std::string& path) {
  // Debian's toml++ is built with exceptions: parse errors arrive as toml::parse_error.
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return invalid_argument("cannot read config " + path + ": " + std::string(e.description()));
  }
  NodeConfig c;
  c.party = t["node"]["party"].value_or(c.party);
  c.name = t["node"]["name"].value_or(c.name);
  c.timezone = t["node"]["timezone"].value_or(c.timezone);
  c.url = t["node"]["url"].value_or(c.url);
  c.listen = t["server"]["listen"].value_or(c.listen);
  c.insecure_http = t["server"]["insecure_http"].value_or(c.insecure_http);
  c.threads = static_cast<int>(t["server"]["threads"].value_or(int64_t{c.threads}));
  c.web_root = t["server"]["web_root"].value_or(c.web_root);
  c.max_body_bytes = t["limits"]["max_body_bytes"].value_or(c.max_body_bytes);
  c.max_attachment_bytes = t["limits"]["max_attachment_bytes"].value_or(c.max_attachment_bytes);
  c.peer_blob_quota_bytes = t["limits"]["peer_blob_quota_bytes"].value_or(c.peer_blob_quota_bytes);
  if (c.max_attachment_bytes < 1 || c.peer_blob_quota_bytes < 0) {
    return invalid_argument("config: [limits] max_attachment_bytes ≥ 1, peer_blob_quota_bytes ≥ 0",
                            "limits");
  }
  c.log_level = t["log"]["level"].value_or(c.log_level);
  c.smtp_url = t["notify"]["smtp_url"].value_or(c.smtp_url);
  c.smtp_from = t["notify"]["smtp_from"].value_or(c.smtp_from);
  c.smtp_username = t["notify"]["smtp_username"].value_or(c.smtp_username);
  c.smtp_password = t["notify"]["smtp_password"].value_or(c.smtp_password);
  c.notify_insecure_tls = t["notify"]["insecure_tls"].value_or(c.notify_insecure_tls);
  c.hotline_tick_ms = t["notify"]["tick_ms"].value_or(c.hotline_tick_ms);
  if (auto* allow = t["notify"]["webhook_allow"].as_array()) {
    for (const auto& e : *allow) {
      auto v = e.value<std::string>();
      if (!v || v->empty()) {
        return invalid_argument("config: [notify] webhook_allow lists host names and addresses",
                                "webhook_allow");
      }
      c.webhook_allow.push_back(*v);
    }
  }
  if (c.hotline_tick_ms < 10 || c.hotline_tick_ms > 600000) {
    return invalid_argument("config: [notify] tick_ms 10..600000", "tick_ms");
  }
  c.contact_verify_days = t["directory"]["verify_days"].value_or(c.contact_verify_days);
  if (c.contact_verify_days < 1 || c.contact_verify_days > 3650) {
    return invalid_argument("config: [directory] verify_days 1..3650", "verify_days");
  }
  c.store_kind = t["store"]["kind"].value_or(c.store_kind);
  if (!valid_party_code(c.party)) return invalid_argument("config: bad [node] party", "party");
  if (c.threads < 1 || c.threads > 64) return invalid_argument("config: threads 1..64", "threads");
  return c;
}

Status save_config(const std::string& path, const NodeConfig& c) {
  toml::table t{
      {"node",
       toml::table{{"party", c.party}, {"name", c.name}, {"timezone", c.timezone}, {"url", c.url}}},
      {"server", toml::table{{"listen", c.listen},
                             {"insecure_http", c.insecure_http},
                             {"threads", c.threads},
                             {"web_root", c.web_root}}},
      {"limits", toml::table{{"max_body_bytes", c.max_body_bytes},
                             {"max_attachment_bytes", c.max_attachment_bytes},
                             {"peer_blob_quota_bytes", c.peer_blob_quota_bytes}}},
      {"log", toml::table{{"level", c.log_level}}},
      {"notify", toml::table{{"smtp_url", c.smtp_url},
                             {"smtp_from", c.smtp_from},
                             {"smtp_username", c.smtp_username},
                             {"smtp_password", c.smtp_password},
                             {"insecure_tls", c.notify_insecure_tls},
                             {"tick_ms", c.hotline_tick_ms},
                             {"webhook_allow",
                              [&] {
                                toml::array a;
                                for (const auto& h : c.webhook_allow) a.push_back(h);
                                return a;
                              }()}}},
      {"directory", toml::table{{"verify_days", c.contact_verify_days}}},
  };
  if (c.store_kind != "sqlite") t.insert("store", toml::table{{"kind", c.store_kind}});
  std::ofstream f(path);
  f << "# liaison node configuration. Environment variables LIAISON_* and command-line\n"
       "# flags override these values.\n"
    << t << "\n";
  f.close();
  if (!f) return internal_error("cannot write " + path);
  return Status::ok();
}

}  // namespace liaison::node
