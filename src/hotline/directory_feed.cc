#include "hotline/directory_feed.h"

#include "hotline/feed.h"

namespace liaison::hotline {

namespace {

Feed<DirectoryFeed>& feed() {
  static Feed<DirectoryFeed>* f = new Feed<DirectoryFeed>();  // never destroyed: engines read it
  return *f;
}

}  // namespace

void set_directory_feed(DirectoryFeed f) { feed().install(std::move(f)); }

Result<std::vector<DirectoryEntry>> directory_entries(store::Db& db, const std::string& party,
                                                      int tier) {
  return feed().call(&DirectoryFeed::entries, db, party, tier);
}

Result<std::vector<DirectoryEntry>> stale_directory_entries(node::Node& node,
                                                            const std::string& party) {
  return feed().call(&DirectoryFeed::stale, node, party);
}

bool keeps_directory(node::Role role) { return feed().get().maintainers.allows(role); }

}  // namespace liaison::hotline
