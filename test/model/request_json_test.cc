// JSON wire format of requests: round trips, wrong types, unknown names and keys, partial
// decoding over a base, event arguments, and the fuzzer's regression inputs.

#include "model/request_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

namespace liaison::model {
namespace {

namespace json = boost::json;

json::value parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  EXPECT_FALSE(ec) << ec.message() << " in " << text;
  return v;
}

RequestContent sample() {
  RequestContent c;
  c.type = RequestType::kPreservation;
  c.priority = Priority::kP1;
  c.priority_area = PriorityArea::kFraud;
  c.requesting_party = "CN";
  c.requested_party = "US";
  c.title = {"保全电子邮件账户数据", "zh-CN", "Preserve e-mail account data", "en"};
  c.requesting_authority = {"公安部网络安全保卫局", "zh-CN", "MPS Cyber Security Bureau", "en"};
  c.legal_basis = {"《刑事诉讼法》第一百五十条", "zh-CN", "", ""};
  c.offence = {"电信网络诈骗，受害人300余名。\n第二段。", "zh-CN", "Telecom fraud", "en"};
  c.data_sought = {"Subscriber and login records", "en", "", ""};
  c.data_link = {"The account sent the phishing mails", "en", "", ""};
  c.custodian = {"Example Mail Inc., California", "en", "", ""};
  c.necessity = {"日志30天后删除", "zh-CN", "Logs are deleted after 30 days", "en"};
  c.mla_to_follow = true;
  c.data_categories = {DataCategory::kSubscriber, DataCategory::kTraffic};
  c.identifiers = {
      {IdentifierKind::kEmail, "fraudster@example.com", std::nullopt, "", "发件人"},
      {IdentifierKind::kIpv4, "203.0.113.7", 443, "2026-11-20T01:02:03Z", "login"},
      {IdentifierKind::kIpv6, "2001:db8::7", std::nullopt, "", ""},
  };
  c.confidentiality = Confidentiality::kDoNotNotify;
  c.respond_by = "2026-12-01T00:00:00Z";
  c.requester_ref = "CN-2026-000001";
  return c;
}

void expect_error(const Status& st, const std::string& field) {
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.to_string();
  EXPECT_EQ(st.field(), field) << st.to_string();
}

Status decode_status(std::string_view text) { return content_from_json(parse(text)).status(); }

// ---- round trips ---------------------------------------------------------------------------

TEST(RequestJsonTest, ContentRoundTripsThroughText) {
  const RequestContent c = sample();
  const std::string text = json::serialize(to_json(c));
  const auto back = content_from_json(parse(text));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, c);
  // Encoding is deterministic: the same content gives the same bytes (ledger payloads).
  EXPECT_EQ(json::serialize(to_json(*back)), text);
}

TEST(RequestJsonTest, EmptyContentRoundTrips) {
  const RequestContent c;
  const auto back = content_from_json(to_json(c));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, c);
}

TEST(RequestJsonTest, ContentWritesEveryKey) {
  const json::object o = to_json(RequestContent{});
  std::set<std::string> keys;
  for (const auto& kv : o) keys.insert(std::string(kv.key()));
  EXPECT_EQ(keys, (std::set<std::string>{
                      "type", "priority", "priority_area", "requesting_party", "requested_party",
                      "title", "requesting_authority", "legal_basis", "offence", "data_sought",
                      "data_link", "custodian", "necessity", "mla_to_follow", "data_categories",
                      "identifiers", "confidentiality", "respond_by", "requester_ref"}));
  EXPECT_TRUE(o.at("mla_to_follow").is_null());
  EXPECT_EQ(json::serialize(o.at("title")),
            R"({"original":"","lang":"","translation":"","translation_lang":""})");
  EXPECT_EQ(o.at("type"), "preservation");
  EXPECT_EQ(o.at("priority"), "P2");
  EXPECT_TRUE(o.at("identifiers").as_array().empty());
}

TEST(RequestJsonTest, IdentifierEncoding) {
  const Identifier with_port{IdentifierKind::kIpv4, "203.0.113.7", 443, "2026-11-20T01:02:03Z",
                             "login"};
  EXPECT_EQ(json::serialize(to_json(with_port)),
            R"({"kind":"ipv4","value":"203.0.113.7","port":443,)"
            R"("observed_at":"2026-11-20T01:02:03Z","note":"login"})");
  const Identifier plain{IdentifierKind::kDomain, "example.com", std::nullopt, "", ""};
  EXPECT_EQ(json::serialize(to_json(plain)),
            R"({"kind":"domain","value":"example.com","observed_at":"","note":""})");
}

TEST(RequestJsonTest, CompletenessEncoding) {
  RequestContent c;
  c.type = RequestType::kLeadSharing;
  c.title.original = "lead";
  EXPECT_EQ(json::serialize(to_json(assess(c))),
            R"({"score":33,"missing":["requesting_authority","offence"],"items":[)"
            R"({"item":"title","satisfied":true},)"
            R"({"item":"requesting_authority","satisfied":false},)"
            R"({"item":"offence","satisfied":false}]})");
}

// ---- bilingual text ------------------------------------------------------------------------

TEST(RequestJsonTest, BilingualTextForms) {
  auto plain = bilingual_from_json(json::value("只有原文"), "title");
  ASSERT_TRUE(plain.is_ok());
  EXPECT_EQ(*plain, (BilingualText{"只有原文", "", "", ""}));
  auto only_original = bilingual_from_json(parse(R"({"original":"x"})"), "title");
  ASSERT_TRUE(only_original.is_ok());
  EXPECT_EQ(*only_original, (BilingualText{"x", "", "", ""}));
  auto null_is_empty = bilingual_from_json(json::value(nullptr), "title");
  ASSERT_TRUE(null_is_empty.is_ok());
  EXPECT_TRUE(null_is_empty->empty());
  auto full = bilingual_from_json(
      parse(R"({"original":"原文","lang":"zh-CN","translation":"text","translation_lang":"en"})"),
      "offence");
  ASSERT_TRUE(full.is_ok());
  EXPECT_EQ(*full, (BilingualText{"原文", "zh-CN", "text", "en"}));
}

TEST(RequestJsonTest, BilingualTextErrors) {
  expect_error(bilingual_from_json(parse(R"({"lang":"en"})"), "title").status(), "title.original");
  expect_error(bilingual_from_json(parse(R"({"original":"x","langue":"fr"})"), "title").status(),
               "title.langue");
  expect_error(bilingual_from_json(parse(R"({"original":5})"), "title").status(), "title.original");
  expect_error(bilingual_from_json(parse(R"({"original":"x","lang":["en"]})"), "title").status(),
               "title.lang");
  expect_error(bilingual_from_json(json::value(5), "title").status(), "title");
  expect_error(bilingual_from_json(parse("[]"), "necessity").status(), "necessity");
  expect_error(decode_status(R"({"offence": {"original": "x", "extra": 1}})"), "offence.extra");
}

// ---- wrong types and unknown values --------------------------------------------------------

TEST(RequestJsonTest, WrongTypesNameTheField) {
  expect_error(decode_status(R"({"priority": 3})"), "priority");
  expect_error(decode_status(R"({"type": null})"), "type");
  expect_error(decode_status(R"({"priority_area": true})"), "priority_area");
  expect_error(decode_status(R"({"confidentiality": {}})"), "confidentiality");
  expect_error(decode_status(R"({"requested_party": 1})"), "requested_party");
  expect_error(decode_status(R"({"requesting_party": ["CN"]})"), "requesting_party");
  expect_error(decode_status(R"({"title": 7})"), "title");
  expect_error(decode_status(R"({"mla_to_follow": "yes"})"), "mla_to_follow");
  expect_error(decode_status(R"({"mla_to_follow": 1})"), "mla_to_follow");
  expect_error(decode_status(R"({"data_categories": "traffic"})"), "data_categories");
  expect_error(decode_status(R"({"data_categories": ["traffic", 2]})"), "data_categories[1]");
  expect_error(decode_status(R"({"identifiers": {}})"), "identifiers");
  expect_error(decode_status(R"({"identifiers": [{"kind":"hash","value":")" + std::string(32, 'a') +
                             R"("}, "x"]})"),
               "identifiers[1]");
  expect_error(decode_status(R"({"respond_by": 20261201})"), "respond_by");
  expect_error(decode_status(R"({"requester_ref": false})"), "requester_ref");
}

TEST(RequestJsonTest, UnknownEnumValuesNameTheFieldAndValue) {
  const Status st = decode_status(R"({"priority": "P9"})");
  expect_error(st, "priority");
  EXPECT_NE(st.message().find("P9"), std::string::npos) << st.message();
  expect_error(decode_status(R"({"type": "preservaton"})"), "type");
  expect_error(decode_status(R"({"priority_area": "spam"})"), "priority_area");
  expect_error(decode_status(R"({"confidentiality": "secret"})"), "confidentiality");
  expect_error(decode_status(R"({"data_categories": ["subscriber", "biometric"]})"),
               "data_categories[1]");
  expect_error(decode_status(R"({"identifiers": [{"kind": "ipv5", "value": "1.2.3.4"}]})"),
               "identifiers[0].kind");
}

TEST(RequestJsonTest, LongBadValuesAreCutInMessages) {
  const std::string huge(10000, 'Z');
  const Status st = decode_status(R"({"type": ")" + huge + R"("})");
  expect_error(st, "type");
  EXPECT_LT(st.message().size(), 200u);
  // Cut on a character boundary: the message stays valid UTF-8.
  std::string cjk;
  for (int i = 0; i < 100; ++i) cjk += "类";
  const Status st2 = decode_status(R"({"type": ")" + cjk + R"("})");
  boost::system::error_code ec;
  json::parse(json::serialize(json::value(json::string_view(st2.message()))), ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(st2.message().find("\xe7\xb1\x2e"), std::string::npos);
}

TEST(RequestJsonTest, IdentifierErrors) {
  const auto ident = [](std::string_view body) {
    return identifier_from_json(parse(body), "identifiers[2]").status();
  };
  expect_error(ident(R"({"value": "1.2.3.4"})"), "identifiers[2].kind");
  expect_error(ident(R"({"kind": "ipv4"})"), "identifiers[2].value");
  expect_error(ident(R"({"kind": "ipv4", "value": null})"), "identifiers[2].value");
  expect_error(ident(R"({"kind": "ipv4", "value": 16909060})"), "identifiers[2].value");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "port": "443"})"),
               "identifiers[2].port");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "port": 443.0})"),
               "identifiers[2].port");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "port": 99999999999})"),
               "identifiers[2].port");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "port": 18446744073709551615})"),
               "identifiers[2].port");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "port": 70000})"),
               "identifiers[2].port");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "observed_at": 5})"),
               "identifiers[2].observed_at");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "observed_at": "yesterday"})"),
               "identifiers[2].observed_at");
  expect_error(ident(R"({"kind": "ipv4", "value": "1.2.3.4", "comment": "x"})"),
               "identifiers[2].comment");
  expect_error(ident(R"({"kind": "ipv4", "value": "256.1.1.1"})"), "identifiers[2].value");
  expect_error(ident(R"("1.2.3.4")"), "identifiers[2]");

  const auto ok = identifier_from_json(
      parse(R"({"kind": "ipv6", "value": "2001:DB8::1", "port": null, "note": null})"), "i");
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->value, "2001:db8::1");
  EXPECT_FALSE(ok->port.has_value());
}

// ---- keys ----------------------------------------------------------------------------------

TEST(RequestJsonTest, UnknownKeysAreRejectedByName) {
  const Status st = decode_status(R"({"titel": "typo"})");
  expect_error(st, "titel");
  EXPECT_NE(st.message().find("titel"), std::string::npos);
  expect_error(decode_status(R"({"title": "ok", "Priority": "P1"})"), "Priority");
  expect_error(decode_status(R"({"": 1})"), "");
}

TEST(RequestJsonTest, ServerComputedKeysOfAFullRequestAreIgnored) {
  json::object o = to_json(sample());
  o["id"] = "6f1c2a7e-0000-4000-8000-000000000001";
  o["state"] = "submitted";
  o["resume_state"] = "acknowledged";
  o["direction"] = "outgoing";
  o["completeness"] = to_json(assess(sample()));
  for (const char* k : {"created_at", "updated_at", "submitted_at", "acknowledged_at", "closed_at",
                        "preserved_until", "postponed_until", "paused_since", "withdrawal_reason",
                        "requested_ref"}) {
    o[k] = "";
  }
  o["paused_seconds"] = 0;
  o["refusal"] = nullptr;
  o["rating"] = nullptr;
  o["allowed_events"] = json::array{"submit", "withdraw"};
  const auto back = content_from_json(o);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, sample());
}

TEST(RequestJsonTest, NotAnObject) {
  for (const char* text : {"[]", "null", "\"x\"", "42", "true"}) {
    const Status st = decode_status(text);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << text;
  }
}

// ---- partial decoding ----------------------------------------------------------------------

TEST(RequestJsonTest, PartialDecodeKeepsAbsentKeys) {
  const RequestContent base = sample();
  const auto got = content_from_json(parse(R"({"necessity": "更紧急了", "priority": "P0"})"), base);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  RequestContent want = base;
  want.necessity = {"更紧急了", "", "", ""};
  want.priority = Priority::kP0;
  EXPECT_EQ(*got, want);
}

TEST(RequestJsonTest, PartialDecodeNullClears) {
  const RequestContent base = sample();
  const auto got = content_from_json(
      parse(R"({"title": null, "mla_to_follow": null, "identifiers": [], "data_categories": null,
                "respond_by": null})"),
      base);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  RequestContent want = base;
  want.title = {};
  want.mla_to_follow.reset();
  want.identifiers.clear();
  want.data_categories.clear();
  want.respond_by.clear();
  EXPECT_EQ(*got, want);
}

TEST(RequestJsonTest, PartialDecodeReplacesArraysWhole) {
  const auto got = content_from_json(
      parse(R"({"identifiers": [{"kind": "domain", "value": "Phish.Example.COM."}]})"), sample());
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  ASSERT_EQ(got->identifiers.size(), 1u);
  EXPECT_EQ(got->identifiers[0].value, "phish.example.com");
}

TEST(RequestJsonTest, DecodedContentIsValidated) {
  expect_error(decode_status(R"({"requested_party": "us"})"), "requested_party");
  expect_error(decode_status(R"({"requesting_party": "CN", "requested_party": "CN"})"),
               "requested_party");
  expect_error(
      decode_status(R"({"identifiers": [{"kind": "hash", "value": ")" + std::string(32, 'a') +
                    R"("}, {"kind": "ipv4", "value": "01.2.3.4"}]})"),
      "identifiers[1].value");
  expect_error(decode_status(R"({"respond_by": "tomorrow"})"), "respond_by");
  expect_error(decode_status(R"({"title": ")" + std::string(501, 'x') + R"("})"), "title.original");
  expect_error(decode_status(R"({"data_categories": ["traffic", "traffic"]})"),
               "data_categories[1]");
  // Validation also sees the base: a PATCH cannot smuggle in a clash with it.
  RequestContent base;
  base.requesting_party = "CN";
  expect_error(content_from_json(parse(R"({"requested_party": "CN"})"), base).status(),
               "requested_party");
}

// ---- event arguments -----------------------------------------------------------------------

Result<EventArgs> args(std::string_view text) {
  const json::value v = parse(text);
  if (!v.is_object()) return invalid_argument("test input must be an object");
  return event_args_from_json(v.get_object());
}

TEST(EventArgsJsonTest, DecodesAllKeysAndIgnoresEvent) {
  const auto got = args(R"({"event": "refuse", "reason": "不符合双重犯罪原则", "ground": "other",
      "until": "2026-12-01T00:00:00Z", "preserved_until": "2027-03-01T00:00:00Z",
      "rating": 5, "requested_ref": "US-17"})");
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(got->reason, "不符合双重犯罪原则");
  EXPECT_EQ(got->ground, RefusalGround::kOther);
  EXPECT_EQ(got->until, "2026-12-01T00:00:00Z");
  EXPECT_EQ(got->preserved_until, "2027-03-01T00:00:00Z");
  EXPECT_EQ(got->rating, 5);
  EXPECT_EQ(got->requested_ref, "US-17");
}

TEST(EventArgsJsonTest, EmptyAndNulls) {
  const auto empty = args("{}");
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(*empty, EventArgs{});
  const auto nulls = args(R"({"reason": null, "ground": null, "rating": null, "until": null})");
  ASSERT_TRUE(nulls.is_ok()) << nulls.status().to_string();
  EXPECT_EQ(*nulls, EventArgs{});
}

TEST(EventArgsJsonTest, ErrorsNameTheField) {
  expect_error(args(R"({"reasons": "typo"})").status(), "reasons");
  expect_error(args(R"({"reason": []})").status(), "reason");
  expect_error(args(R"({"ground": "bogus"})").status(), "ground");
  expect_error(args(R"({"ground": 1})").status(), "ground");
  expect_error(args(R"({"until": 5})").status(), "until");
  expect_error(args(R"({"preserved_until": {}})").status(), "preserved_until");
  expect_error(args(R"({"rating": "5"})").status(), "rating");
  expect_error(args(R"({"rating": 4.5})").status(), "rating");
  expect_error(args(R"({"rating": 1e3})").status(), "rating");
  expect_error(args(R"({"rating": 9223372036854775807})").status(), "rating");
  expect_error(args(R"({"requested_ref": true})").status(), "requested_ref");
}

TEST(EventArgsJsonTest, RoundTripWritesOnlySetMembers) {
  EXPECT_EQ(json::serialize(to_json(EventArgs{})), "{}");
  EventArgs a;
  a.ground = RefusalGround::kDualCriminality;
  a.rating = 3;
  EXPECT_EQ(json::serialize(to_json(a)), R"({"ground":"dual_criminality","rating":3})");
  a.reason = "理由";
  a.until = "2026-12-01T00:00:00Z";
  a.preserved_until = "2027-03-01T00:00:00Z";
  a.requested_ref = "US-1";
  const auto back = event_args_from_json(to_json(a));
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(*back, a);
}

}  // namespace
}  // namespace liaison::model
