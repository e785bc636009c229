// The record-kind registry (ledger/kinds.h): capabilities plug their kinds in; the ledger
// refuses what nobody registered and a kind or table claimed twice.
#include "ledger/kinds.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/compose.h"
#include "requests/kinds.h"

namespace liaison::testing {
namespace {

Status apply_nothing(const ledger::Record&, const boost::json::object&, ledger::Projections&) {
  return Status::ok();
}

constexpr ledger::KindSpec kThing[] = {{"thing.publish", nullptr, apply_nothing}};
constexpr std::string_view kThingTables[] = {"things"};
constexpr std::string_view kStolenTables[] = {"requests"};

ledger::Record record_of(const char* kind) {
  ledger::Record r;
  r.origin = "CN";
  r.seq = 1;
  r.kind = kind;
  r.object_id = "x";
  r.payload = "{}";
  r.created_at = "2026-12-04T00:00:00Z";
  return r;
}

TEST(KindRegistryTest, AKindNobodyRegisteredIsRefusedNamingKind) {
  ledger::KindRegistry kinds;
  ledger::MemoryProjections p;
  Status st = kinds.apply(record_of("thing.publish"), p);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "kind");
  ASSERT_TRUE(kinds.add({.owner = "things", .kinds = kThing, .tables = kThingTables}).is_ok());
  EXPECT_TRUE(kinds.apply(record_of("thing.publish"), p).is_ok());
  EXPECT_EQ(kinds.owner_of_table("things"), "things");
}

TEST(KindRegistryTest, AKindOrTableClaimedTwiceIsRefusedAndNothingOfItIsAdded) {
  ledger::KindRegistry kinds;
  ASSERT_TRUE(kinds.add(requests::record_kinds()).is_ok());
  Status again = kinds.add(requests::record_kinds());
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.field(), "kind");
  Status stolen = kinds.add({.owner = "things", .kinds = kThing, .tables = kStolenTables});
  EXPECT_EQ(stolen.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(stolen.field(), "table");
  EXPECT_FALSE(kinds.known("thing.publish"));  // refused whole
  EXPECT_EQ(kinds.owner_of_table("requests"), "requests");
}

TEST(KindRegistryTest, TheCompositionHoldsEveryCapabilitysKindsAndTables) {
  const ledger::KindRegistry& kinds = app::record_kinds();
  for (const char* k :
       {"receipt", "audit.anchor", "request.draft", "attachment.custody", "indicator_set.publish",
        "sighting.feedback", "policy.publish", "drill.ack", "directory.contact"}) {
    EXPECT_TRUE(kinds.known(k)) << k;
  }
  EXPECT_EQ(kinds.owner_of_table("receipts"), "ledger");
  EXPECT_EQ(kinds.owner_of_table("indicators"), "sharing");
  EXPECT_EQ(kinds.owner_of_table("escalations"), "hotline");
  EXPECT_EQ(kinds.owner_of_table("contacts"), "directory");
  EXPECT_EQ(kinds.tables().size(), 13u);
}

}  // namespace
}  // namespace liaison::testing
