#include "hotline/directory_feed.h"

#include <mutex>
#include <utility>

namespace liaison::hotline {

namespace {

std::once_flag g_once;
DirectoryFeed g_feed;  // written once under g_once, before any engine thread starts

}  // namespace

void set_directory_feed(DirectoryFeed feed) {
  std::call_once(g_once, [&] { g_feed = std::move(feed); });
}

Result<std::vector<DirectoryEntry>> directory_entries(store::Db& db, const std::string& party,
                                                      int tier) {
  if (!g_feed.entries) return std::vector<DirectoryEntry>();
  return g_feed.entries(db, party, tier);
}

Result<std::vector<DirectoryEntry>> stale_directory_entries(node::Node& node,
                                                            const std::string& party) {
  if (!g_feed.stale) return std::vector<DirectoryEntry>();
  return g_feed.stale(node, party);
}

bool keeps_directory(node::Role role) { return g_feed.maintainers.allows(role); }

}  // namespace liaison::hotline
