// The upgrade path of identifier normalisation (issue 15). Before one normaliser served requests
// and indicator sets (ident/), a request's URL kept its user part and its default port and an
// e-mail its local part's case, and the signed records say so forever. Today's apply() takes
// such a record and derives today's canonical text; schema step requests/2 rewrites the
// projections an older node stored, so an upgraded node finds the request under the new form
// and `verify` finds no difference. The test plays US with its key.
#include <gtest/gtest.h>

#include "app/compose.h"
#include "common/json_fields.h"
#include "ledger/canonical_json.h"
#include "ledger/ledger.h"
#include "model/request_json.h"
#include "node/fixture.h"
#include "requests/service.h"
#include "store/db.h"
#include "store/records.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

constexpr const char* kOldUrl = "http://analyst@example.com:80/x";  // the older canonical text
constexpr const char* kNewUrl = "http://example.com/x";
constexpr const char* kOldEmail = "John.Doe@example.com";
constexpr const char* kNewEmail = "john.doe@example.com";

class IdentifierUpgrade : public NodeFixture {
 protected:
  // A request US submitted to CN, signed with its identifiers in the older text.
  std::string old_form_request() {
    auto body = complete_preservation();
    body["requesting_party"] = "US";
    body["requested_party"] = "CN";
    body["identifiers"] = json::array{json::object{{"kind", "url"}, {"value", kNewUrl}},
                                      json::object{{"kind", "email"}, {"value", kNewEmail}}};
    auto content = model::content_from_json(body);
    EXPECT_TRUE(content.is_ok()) << content.status().to_string();
    json::object signed_content = model::to_json(*content);
    json::array& ids = signed_content["identifiers"].as_array();
    ids[0].as_object()["value"] = kOldUrl;
    ids[1].as_object()["value"] = kOldEmail;
    const std::string id = new_uuid();
    ingest(us_record("request.event", id, {{"event", "submit"}, {"content", signed_content}}));
    return id;
  }
  std::vector<std::string> values(const std::string& id) {
    std::vector<std::string> out;
    json::object d = doc(stored("requests", id));
    if (const json::value* ids = d.if_contains("identifiers"); ids && ids->is_array()) {
      for (const auto& v : ids->get_array()) out.push_back(str_of(v.as_object(), "value"));
    }
    return out;
  }
  int64_t found(const std::string& text) {
    node::RequestQuery q;
    q.q = text;
    auto page = node::list_requests(*node_, q);
    EXPECT_TRUE(page.is_ok()) << page.status().to_string();
    return page.is_ok() ? page->total : -1;
  }
  void exec(const std::string& sql) {
    ASSERT_TRUE(node_->pool().write([&](store::Db& db) { return db.exec(sql); }).is_ok()) << sql;
  }
};

TEST_F(IdentifierUpgrade, ARecordSignedWithTheOlderTextIsTakenInUnderTodaysText) {
  const std::string id = old_form_request();
  EXPECT_EQ(values(id), (std::vector<std::string>{kNewUrl, kNewEmail}));
  EXPECT_EQ(found(kNewUrl), 1);
  EXPECT_TRUE(ledger_problems().empty());
}

TEST_F(IdentifierUpgrade, AnOlderNodesProjectionIsRewrittenWhenTheUpgradedNodeOpens) {
  const std::string id = old_form_request();
  // What the node of before wrote: the projection in the older text (its search text
  // follows through the triggers), and no step requests/2.
  json::object old_doc = doc(stored("requests", id));
  json::array& ids = old_doc["identifiers"].as_array();
  ids[0].as_object()["value"] = kOldUrl;
  ids[1].as_object()["value"] = kOldEmail;
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                                             db.prepare("UPDATE requests SET doc=? WHERE id=?"));
                    q.bind(1, *ledger::canonical_json(old_doc)).bind(2, id);
                    return q.run();
                  })
                  .is_ok());
  exec("DELETE FROM schema_steps WHERE name = 'requests/2'");
  ASSERT_EQ(values(id), (std::vector<std::string>{kOldUrl, kOldEmail}));
  EXPECT_EQ(found(kNewUrl), 0);  // the stale text: not found under today's form
  // and a rebuild (today's apply) differs from it: verify names exactly that row
  const auto stale = ledger_problems();
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].where, "requests/" + id);

  node_.reset();
  auto reopened = liaison::app::open_node(dir_, clock_);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  node_ = std::move(*reopened);
  EXPECT_EQ(values(id), (std::vector<std::string>{kNewUrl, kNewEmail}));
  EXPECT_EQ(found(kNewUrl), 1);
  EXPECT_EQ(found(kNewEmail), 1);
  for (const auto& p : ledger_problems()) ADD_FAILURE() << p.where << ": " << p.what;
  // Run once: the step is recorded.
  int64_t steps = -1;
  ASSERT_TRUE(node_->pool()
                  .read([&](store::Db& db) -> Status {
                    LIAISON_ASSIGN_OR_RETURN(
                        store::Stmt q,
                        db.prepare("SELECT count(*) FROM schema_steps WHERE name='requests/2'"));
                    LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                    if (row) steps = q.int64(0);
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(steps, 1);
}

}  // namespace
}  // namespace liaison::testing
