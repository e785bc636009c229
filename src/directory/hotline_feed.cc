#include "directory/hotline_feed.h"

#include <utility>

#include "directory/repository.h"
#include "directory/service.h"

namespace liaison::directory {

namespace {

hotline::DirectoryEntry entry_of(const Contact& c, std::string verify_by) {
  hotline::DirectoryEntry e{.id = c.id,
                            .party = c.party,
                            .name = c.name,
                            .organisation = c.organisation,
                            .tier = c.tier,
                            .channels = {},
                            .last_verified = c.last_verified,
                            .verify_by = std::move(verify_by)};
  for (const auto& ch : c.channels) e.channels.push_back({ch.kind, ch.value});
  return e;
}

}  // namespace

hotline::DirectoryFeed hotline_feed() {
  hotline::DirectoryFeed feed;
  feed.entries = [](store::Db& db, const std::string& party,
                    int tier) -> Result<std::vector<hotline::DirectoryEntry>> {
    LIAISON_ASSIGN_OR_RETURN(auto live, contacts(db, party, tier, false));
    std::vector<hotline::DirectoryEntry> out;
    for (const auto& c : live) out.push_back(entry_of(c, ""));
    return out;
  };
  feed.stale = [](node::Node& node,
                  const std::string& party) -> Result<std::vector<hotline::DirectoryEntry>> {
    std::vector<Contact> live;
    LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
      LIAISON_ASSIGN_OR_RETURN(live, contacts(db, party, 0, false));
      return Status::ok();
    }));
    std::vector<hotline::DirectoryEntry> out;
    for (const auto& c : live) {
      const node::ContactFreshness f = node::contact_freshness(
          c.last_verified, node.config().contact_verify_days, node.clock().now());
      if (f.stale) out.push_back(entry_of(c, f.verify_by));
    }
    return out;
  };
  feed.maintainers = node::kDirectoryMaintainers;
  return feed;
}

}  // namespace liaison::directory
