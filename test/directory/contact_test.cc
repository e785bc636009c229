// The 24/7 directory's typed projection (directory/contact.h): a stored entry reads back into
// its type and writes out byte for byte; a bad member is refused naming it; a damaged row
// beside good ones is left out of the list, and asked for by id it is an internal error (a
// 500), while the others are still listed, changed and published.
#include "directory/contact.h"

#include <gtest/gtest.h>

#include "common/json_fields.h"
#include "directory/service.h"
#include "ledger/canonical_json.h"
#include "node/fixture.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

class DirectoryContactProjection : public NodeFixture {
 protected:
  std::string stored(const std::string& id) {
    std::string text;
    EXPECT_TRUE(node_->pool()
                    .read([&](store::Db& db) -> Status {
                      LIAISON_ASSIGN_OR_RETURN(store::Stmt q,
                                               db.prepare("SELECT doc FROM contacts WHERE id=?"));
                      q.bind(1, id);
                      LIAISON_ASSIGN_OR_RETURN(bool row, q.step());
                      if (row) text = q.text(0);
                      return Status::ok();
                    })
                    .is_ok());
    return text;
  }
  std::string add(const char* name) {
    auto made = node::create_contact(
        *node_, officer(),
        json::object{
            {"name", name},
            {"organisation", "MPS"},
            {"tier", 2},
            {"timezone", "Asia/Shanghai"},
            {"languages", json::array{"zh-CN", "en"}},
            {"channels", json::array{json::object{{"kind", "phone"}, {"value", "+86 10 1234"}}}},
            {"last_verified", "2026-03-01T00:00:00Z"}});
    EXPECT_TRUE(made.is_ok()) << made.status().to_string();
    return made.is_ok() ? std::string(doc(*made).at("id").as_string()) : "";
  }
};

TEST_F(DirectoryContactProjection, AStoredEntryReadsBackAndWritesOutByteForByte) {
  const std::string id = add("Li Na");
  ASSERT_TRUE(node::verify_contact(*node_, officer(), id).is_ok());
  const std::string text = stored(id);
  auto c = directory::contact_from_text(text);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->name, "Li Na");
  EXPECT_EQ(c->tier, 2);
  EXPECT_EQ(c->languages, (std::vector<std::string>{"zh-CN", "en"}));
  ASSERT_EQ(c->channels.size(), 1u);
  EXPECT_EQ(c->channels[0].value, "+86 10 1234");
  EXPECT_EQ(c->version, 2);
  EXPECT_EQ(c->verified_by, "officer");
  EXPECT_EQ(*ledger::canonical_json(directory::to_doc(*c)), text);  // as put_doc stores it

  // The API's answer is the stored document with the computed members after it.
  auto shown = node::get_contact(*node_, id);
  ASSERT_TRUE(shown.is_ok()) << shown.status().to_string();
  json::object o = doc(*shown);
  EXPECT_EQ(o.at("editable"), true);
  for (const char* k : {"stale", "verify_by", "editable"}) o.erase(k);
  EXPECT_EQ(*ledger::canonical_json(o), text);

  auto bad = directory::contact_from_text(
      R"({"id":"x","party":"CN","name":"a","tier":2,"timezone":"UTC","languages":[],)"
      R"("channels":[],"retired":"no","version":1})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "retired");
  auto no_name = directory::contact_from_text(
      R"({"id":"x","party":"CN","tier":2,"timezone":"UTC","retired":false,"version":1})");
  ASSERT_FALSE(no_name.is_ok());
  EXPECT_EQ(no_name.status().field(), "name");
}

TEST_F(DirectoryContactProjection, ADamagedEntryIsLeftOutOfTheListAndIsA500ById) {
  const std::string good = add("Zhao Lei");
  ASSERT_TRUE(node_->pool()
                  .write([&](store::Db& db) -> Status {
                    return db.exec(
                        "INSERT INTO contacts(id, doc, last_record) VALUES ('damaged-3', "
                        "'{\"id\":\"damaged-3\",\"party\":\"CN\",\"name\":\"x\",\"tier\":9,"
                        "\"timezone\":\"UTC\",\"retired\":false,\"version\":1}', 'CN:1')");
                  })
                  .is_ok());
  auto list = node::list_contacts(*node_, "", 0, std::nullopt, true);
  ASSERT_TRUE(list.is_ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(str_of(doc(list->front()), "id"), good);
  auto one = node::get_contact(*node_, "damaged-3");
  ASSERT_FALSE(one.is_ok());
  EXPECT_EQ(one.status().code(), StatusCode::kInternal);
  EXPECT_EQ(node::get_contact(*node_, "no-such").status().code(), StatusCode::kNotFound);
  auto changed = node::update_contact(*node_, officer(), good, json::object{{"tier", 1}});
  ASSERT_TRUE(changed.is_ok()) << changed.status().to_string();
  EXPECT_EQ(doc(*changed).at("tier"), 1);
}

}  // namespace
}  // namespace liaison::testing
