// The node's saved sweep index (<data>/sweep.index): used while current, rebuilt after an
// indicator-set delta, when an indicator in it expires, or when the file is damaged, and
// kept current in the background by SweepIndexKeeper.
#include "sharing/sweep_index.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "node/fixture.h"
#include "sharing/service.h"
#include "sweep/scanner.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class NodeSweepIndex : public NodeFixture {
 protected:
  std::string publish(json::array indicators) {
    auto r = node::create_indicator_set(
        *node_, officer(),
        json::object{
            {"name", "test set"}, {"tlp", "amber"}, {"indicators", std::move(indicators)}});
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::string(doc(*r).at("id").as_string()) : "";
  }
  // The set id of what `value` hits in the node's index as load_node_index() gives it, or "-".
  std::string hit(const node::NodeIndex& ni, const std::string& value) {
    sweep::ScanResult r;
    sweep::scan_buffer(ni.index, value + "\n", 1, false, r);
    return r.hits.empty() ? "-" : ni.set_of[static_cast<size_t>(r.hits[0].indicator)];
  }
  std::unique_ptr<node::NodeIndex> load() {
    auto ni = node::load_node_index(*node_);
    EXPECT_TRUE(ni.is_ok()) << ni.status().to_string();
    return ni.is_ok() ? std::move(*ni) : std::make_unique<node::NodeIndex>();
  }
};

// A node with no indicator set saves an index of nothing, and reads it back at its next start
// (reading it once passed a null pointer to memcpy, which UBSan stops: serve died at start).
TEST_F(NodeSweepIndex, AnIndexOfNoIndicatorsIsSavedAndReadBack) {
  EXPECT_EQ(load()->index.size(), 0u);
  std::unique_ptr<node::NodeIndex> saved;
  ASSERT_TRUE(node::check_node_index_file(*node_, &saved).is_ok());
  ASSERT_NE(saved, nullptr);
  EXPECT_EQ(saved->index.size(), 0u);
  EXPECT_EQ(hit(*saved, "192.0.2.1"), "-");
}

TEST_F(NodeSweepIndex, ADeltaMakesTheNextSweepUseTheNewIndex) {
  const std::string set = publish({"192.0.2.1", "evil.example"});
  EXPECT_EQ(node::check_node_index_file(*node_).code(), StatusCode::kNotFound);
  auto first = load();
  EXPECT_EQ(hit(*first, "192.0.2.1"), set);
  EXPECT_EQ(hit(*first, "www.evil.example"), set);
  ASSERT_TRUE(node::check_node_index_file(*node_).is_ok()) << "saved by the load";
  // A record of another kind leaves it current.
  ASSERT_TRUE(node::record_sightings(*node_, officer(), {}, "nothing").is_ok());
  EXPECT_TRUE(node::check_node_index_file(*node_).is_ok());
  // A delta: one added, one removed. The file is out of date; the next load has the delta.
  ASSERT_TRUE(node::update_indicator_set(*node_, officer(), set,
                                         json::object{{"add", json::array{"198.51.100.7"}},
                                                      {"remove", json::array{"192.0.2.1"}}})
                  .is_ok());
  Status stale = node::check_node_index_file(*node_);
  EXPECT_EQ(stale.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.message().find("changed"), std::string::npos) << stale.message();
  auto second = load();
  EXPECT_EQ(hit(*second, "192.0.2.1"), "-") << "no stale hit";
  EXPECT_EQ(hit(*second, "198.51.100.7"), set) << "no missed one";
  EXPECT_EQ(hit(*second, "www.evil.example"), set);
  EXPECT_TRUE(node::check_node_index_file(*node_).is_ok());
  // A second set: each hit names its own set, from the saved file too.
  const std::string other = publish({"203.0.113.0/24"});
  load();
  std::unique_ptr<node::NodeIndex> saved;
  ASSERT_TRUE(node::check_node_index_file(*node_, &saved).is_ok());
  EXPECT_EQ(hit(*saved, "203.0.113.99"), other);
  EXPECT_EQ(hit(*saved, "198.51.100.7"), set);
}

TEST_F(NodeSweepIndex, AnIndicatorThatExpiresMakesTheFileOutOfDate) {
  publish({json::object{{"value", "192.0.2.9"}, {"valid_until", "2026-11-21T02:00:00Z"}},
           "192.0.2.10"});
  EXPECT_NE(hit(*load(), "192.0.2.9"), "-");
  EXPECT_TRUE(node::check_node_index_file(*node_).is_ok());
  clock_.advance(std::chrono::hours(2));
  Status st = node::check_node_index_file(*node_);
  EXPECT_NE(st.message().find("expired"), std::string::npos) << st.to_string();
  auto later = load();
  EXPECT_EQ(hit(*later, "192.0.2.9"), "-");
  EXPECT_NE(hit(*later, "192.0.2.10"), "-");
}

TEST_F(NodeSweepIndex, ADamagedFileIsRebuiltNotUsed) {
  const std::string set = publish({"192.0.2.1"});
  load();
  const std::string path = node::node_index_path(*node_);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x40);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  Status st = node::check_node_index_file(*node_);
  EXPECT_NE(st.message().find("checksum"), std::string::npos) << st.to_string();
  EXPECT_EQ(hit(*load(), "192.0.2.1"), set);
  EXPECT_TRUE(node::check_node_index_file(*node_).is_ok());
}

TEST_F(NodeSweepIndex, TheKeeperRebuildsTheFileAfterAChange) {
  const std::string set = publish({"192.0.2.1"});
  node::SweepIndexKeeper keeper(*node_);
  const auto wait_for = [&](uint64_t rebuilds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (keeper.rebuilds() < rebuilds && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return keeper.rebuilds();
  };
  keeper.start();  // its first pass finds no file
  ASSERT_EQ(wait_for(1), 1u);
  EXPECT_TRUE(node::check_node_index_file(*node_).is_ok());
  ASSERT_TRUE(node::update_indicator_set(*node_, officer(), set,
                                         json::object{{"add", json::array{"198.51.100.7"}}})
                  .is_ok());
  keeper.wake();
  ASSERT_EQ(wait_for(2), 2u);
  std::unique_ptr<node::NodeIndex> saved;
  ASSERT_TRUE(node::check_node_index_file(*node_, &saved).is_ok());
  EXPECT_EQ(hit(*saved, "198.51.100.7"), set);
  keeper.stop();
}

}  // namespace
}  // namespace liaison::testing
