// The 24/7 directory as the hotline reads it: the on-call table names each person's directory
// entry and lists a tier's entries, and the engine reminds the directory's maintainers of
// stale entries. The hotline reads no other capability's tables: the directory hands its feed
// over once, from src/app/ (directory::hotline_feed()). Without a feed the on-call table lists
// no directory entries and nobody is reminded. Thread-safe: set before any engine runs and
// never replaced.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/node.h"

namespace liaison::store {
class Db;
}

namespace liaison::hotline {

// One live directory entry, with what the hotline shows of it.
struct DirectoryEntry {
  struct Channel {
    std::string kind;  // email, phone, webhook, signal, other
    std::string value;
  };
  std::string id, party, name, organisation;
  int64_t tier = 1;
  std::vector<Channel> channels;
  std::string last_verified;  // "" when never confirmed
  std::string verify_by;      // when it turns stale ("" when never confirmed)
};

struct DirectoryFeed {
  // `party`'s live entries of `tier`, by name, on the caller's connection (a damaged entry is
  // left out with a log line).
  std::function<Result<std::vector<DirectoryEntry>>(store::Db&, const std::string& party, int tier)>
      entries;
  // `party`'s live entries that need confirming with their person at the node's time.
  std::function<Result<std::vector<DirectoryEntry>>(node::Node&, const std::string& party)> stale;
  // Who keeps the directory (and is reminded of its stale entries).
  node::RoleSet maintainers;
};

// Sets the feed the first time only (later calls change nothing).
void set_directory_feed(DirectoryFeed feed);

// What the hotline reads through the feed: nothing when no feed was set.
Result<std::vector<DirectoryEntry>> directory_entries(store::Db& db, const std::string& party,
                                                      int tier);
Result<std::vector<DirectoryEntry>> stale_directory_entries(node::Node& node,
                                                            const std::string& party);
bool keeps_directory(node::Role role);

}  // namespace liaison::hotline
