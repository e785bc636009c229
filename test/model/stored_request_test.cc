// The typed request projection (model/stored_request.h): a document as apply() has always
// written it reads into the type and writes back as the same JSON; every member round-trips;
// documents written before a member existed read with it empty; a damaged member is refused
// naming it.

#include "model/stored_request.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "model/request_json.h"

namespace liaison::model {
namespace {

namespace json = boost::json;

RequestContent content() {
  RequestContent c;
  c.type = RequestType::kEmergencyDisclosure;
  c.priority = Priority::kP0;
  c.priority_area = PriorityArea::kTerrorism;
  c.requesting_party = "CN";
  c.requested_party = "US";
  c.title = {"紧急披露：威胁帖子", "zh-CN", "Emergency disclosure: threat post", "en"};
  c.requesting_authority = {"公安部", "zh-CN", "", ""};
  c.offence = {"Threat to life", "en", "", ""};
  c.data_sought = {"Subscriber data", "en", "", ""};
  c.necessity = {"Imminent danger", "en", "", ""};
  c.data_categories = {DataCategory::kSubscriber};
  c.identifiers = {{IdentifierKind::kIpv4, "203.0.113.9", 8443, "2026-11-20T01:02:03Z", "post"}};
  c.requester_ref = "CN-2026-000042";
  return c;
}

// A telephoned request, refused after a pause, with both parties' assignees: as apply() wrote
// it before the projection was typed (members in its order, the content's at the top level).
json::object document_as_written() {
  json::object doc{{"id", "req-1"},
                   {"state", "refused"},
                   {"resume_state", "in_progress"},
                   {"created_at", "2026-11-20T02:00:00Z"},
                   {"submitted_at", "2026-11-20T01:55:00Z"},
                   {"acknowledged_at", "2026-11-20T02:00:00Z"},
                   {"preserved_at", ""},
                   {"preserved_until", ""},
                   {"postponed_until", ""},
                   {"paused_since", ""},
                   {"fulfilled_at", ""},
                   {"closed_at", ""},
                   {"withdrawal_reason", ""},
                   {"info_request_reason", "Which account?"},
                   {"postpone_reason", ""},
                   {"requested_ref", "US-2026-000007"},
                   {"first_reply_at", "2026-11-20T03:00:00Z"},
                   {"submit_seq", 0},
                   {"pauses", json::array{json::object{{"from", "2026-11-20T03:00:00Z"},
                                                       {"to", "2026-11-20T05:30:00Z"}}}},
                   {"paused_seconds", 9000},
                   {"refusal", json::object{{"ground", "data_unavailable"},
                                            {"reason", "Logs already deleted"},
                                            {"at", "2026-11-21T00:00:00Z"}}},
                   {"rating", nullptr}};
  for (auto& kv : to_json(content())) doc[kv.key()] = kv.value();
  doc["completeness"] = to_json(assess(content()));
  doc["oral"] = json::object{
      {"caller", json::object{{"party", "CN"}, {"name", "Wang Wei"}, {"phone", "+8610123456"}}},
      {"taken_by", "officer.us"},
      {"called_at", "2026-11-20T01:55:00Z"},
      {"summary", "Threat of violence posted from this IP"},
      {"recorded_at", "2026-11-20T02:00:00Z"}};
  doc["written_confirmed_at"] = "2026-11-20T06:00:00Z";
  doc["written_confirmation_note"] = "As telephoned";
  doc["updated_at"] = "2026-11-21T00:00:00Z";
  doc["assignees"] = json::object{
      {"US", json::object{{"username", "officer.us"},
                          {"name", "Dana Officer"},
                          {"by", "supervisor.us"},
                          {"at", "2026-11-20T02:05:00Z"}}},
      {"CN",
       json::object{
           {"username", "li.na"}, {"name", ""}, {"by", "li.na"}, {"at", "2026-11-20T02:10:00Z"}}}};
  return doc;
}

TEST(StoredRequest, ADocumentAsApplyWroteItReadsIntoTheTypeAndWritesBackTheSame) {
  const json::object written = document_as_written();
  auto r = request_from_doc(written);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->id, "req-1");
  EXPECT_EQ(r->state(), State::kRefused);
  EXPECT_EQ(r->status.resume_state, State::kInProgress);
  EXPECT_EQ(r->content, content());
  ASSERT_EQ(r->pauses.size(), 1u);
  EXPECT_EQ(r->pauses[0].to, "2026-11-20T05:30:00Z");
  EXPECT_EQ(r->paused_seconds, 9000);
  ASSERT_TRUE(r->refusal.has_value());
  EXPECT_EQ(r->refusal->ground, RefusalGround::kDataUnavailable);
  EXPECT_FALSE(r->rating.has_value());
  ASSERT_TRUE(r->oral.has_value());
  EXPECT_EQ(r->oral->caller.phone, "+8610123456");
  EXPECT_EQ(r->oral->caller.organisation, "");
  EXPECT_EQ(r->written_confirmation_note, "As telephoned");
  EXPECT_EQ(r->assignee_of("US"), "officer.us");
  EXPECT_EQ(r->assignee_of("CN"), "li.na");
  EXPECT_EQ(r->assignee_of("GB"), "");
  EXPECT_EQ(r->other_party("CN"), "US");
  EXPECT_EQ(r->recipients("US"), std::vector<std::string>{"CN"});
  // The same members and values (JSON objects compare without regard to order).
  EXPECT_EQ(json::value(to_doc(*r)), json::value(written))
      << json::serialize(to_doc(*r)) << "\n!=\n"
      << json::serialize(written);
}

TEST(StoredRequest, EveryMemberRoundTrips) {
  StoredRequest r;
  r.id = "req-2";
  r.content = content();
  r.status = {State::kClosed, State::kAcknowledged};
  r.created_at = "2026-01-01T00:00:00Z";
  r.updated_at = "2026-01-09T00:00:00Z";
  r.submitted_at = "2026-01-01T01:00:00Z";
  r.acknowledged_at = "2026-01-01T02:00:00Z";
  r.preserved_at = "2026-01-02T00:00:00Z";
  r.preserved_until = "2026-04-01";
  r.fulfilled_at = "2026-01-05T00:00:00Z";
  r.closed_at = "2026-01-09T00:00:00Z";
  r.first_reply_at = "2026-01-02T00:00:00Z";
  r.postponed_until = "2026-01-03T00:00:00Z";
  r.postpone_reason = "court order pending";
  r.requested_ref = "US-1";
  r.submit_seq = 17;
  r.pauses = {{"2026-01-03T00:00:00Z", ""}};
  r.paused_since = "2026-01-03T00:00:00Z";
  r.paused_seconds = 60;
  r.rating = 4;
  r.assignees["CN"] = {"li.na", "Li Na", "wang", "2026-01-01T00:00:00Z"};
  r.assigned_ever = true;
  auto back = request_from_doc(to_doc(r));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, r);
  // Once cleared, the member stays as an empty object.
  r.assignees.clear();
  EXPECT_EQ(to_doc(r).at("assignees"), json::object());
  back = request_from_doc(to_doc(r));
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(*back, r);
  // A draft has no oral members, and addresses nobody.
  StoredRequest draft;
  draft.id = "req-3";
  draft.content = content();
  const json::object doc = to_doc(draft);
  EXPECT_FALSE(doc.contains("oral"));
  EXPECT_FALSE(doc.contains("written_confirmed_at"));
  EXPECT_FALSE(doc.contains("assignees"));
  EXPECT_EQ(doc.at("state"), "draft");
  EXPECT_TRUE(draft.recipients("CN").empty());
}

// Members came over time; a document written before one existed reads as it not having
// happened.
TEST(StoredRequest, AnOlderDocumentWithoutLaterMembersReadsWithThemEmpty) {
  json::object doc = document_as_written();
  for (const char* k :
       {"pauses", "first_reply_at", "submit_seq", "paused_seconds", "oral", "written_confirmed_at",
        "written_confirmation_note", "assignees", "refusal", "rating"}) {
    doc.erase(k);
  }
  auto r = request_from_doc(doc);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->pauses.empty());
  EXPECT_EQ(r->first_reply_at, "");
  EXPECT_EQ(r->submit_seq, 0);
  EXPECT_FALSE(r->oral.has_value());
  EXPECT_FALSE(r->refusal.has_value());
  EXPECT_TRUE(r->assignees.empty());
}

TEST(StoredRequest, ADamagedMemberIsRefusedNamingIt) {
  auto refused = [](const char* key, json::value v) {
    json::object doc = document_as_written();
    doc[key] = std::move(v);
    return request_from_doc(doc).status();
  };
  EXPECT_EQ(refused("state", "sleeping").field(), "state");
  EXPECT_EQ(refused("resume_state", 3).field(), "resume_state");
  EXPECT_EQ(refused("id", nullptr).field(), "id");
  EXPECT_EQ(refused("pauses", "none").field(), "pauses");
  EXPECT_EQ(refused("refusal", json::object{{"ground", "bored"}}).field(), "refusal.ground");
  EXPECT_EQ(refused("rating", "five").field(), "rating");
  EXPECT_EQ(refused("oral", json::array{}).field(), "oral");
  EXPECT_EQ(refused("assignees", json::object{{"US", 1}}).field(), "assignees");
  EXPECT_EQ(refused("priority", "P9").field(), "priority");
  EXPECT_EQ(refused("title", 7).field(), "title");
  EXPECT_EQ(refused("pauses", json::array{1}).field(), "pauses");
  EXPECT_EQ(refused("state", json::array{}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused("state", json::array{}).reason(), Reason::kUnknownValue);
  // Times and texts are read leniently: one of another type reads as not having happened.
  EXPECT_TRUE(refused("requested_ref", json::array{}).is_ok());
  // Text that is not one JSON object is refused as such.
  for (const char* text : {"[1]", "{\"id\":", ""}) {
    auto r = request_from_text(text);
    ASSERT_FALSE(r.is_ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(r.status().reason(), Reason::kWrongType) << text;
  }
}

}  // namespace
}  // namespace liaison::model
