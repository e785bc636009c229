// Wire names, identifier validation and normalisation, the checklist and content validation.

#include "model/request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace liaison::model {
namespace {

// ---- wire names ----------------------------------------------------------------------------

template <typename E>
void expect_names(const std::vector<std::pair<E, std::string>>& want,
                  std::optional<E> (*parse)(std::string_view)) {
  for (const auto& [value, name] : want) {
    EXPECT_EQ(to_string(value), name);
    const std::optional<E> back = parse(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, value) << name;
  }
  for (const char* bad : {"", "bogus", " draft", "P", "Preservation", "OTHER", "p0"}) {
    EXPECT_FALSE(parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(WireNamesTest, RequestTypes) {
  expect_names<RequestType>({{RequestType::kPreservation, "preservation"},
                             {RequestType::kExpeditedTrafficData, "expedited_traffic_data"},
                             {RequestType::kStoredDataProduction, "stored_data_production"},
                             {RequestType::kEmergencyDisclosure, "emergency_disclosure"},
                             {RequestType::kLocateIdentify, "locate_identify"},
                             {RequestType::kTechnicalAdvice, "technical_advice"},
                             {RequestType::kLeadSharing, "lead_sharing"},
                             {RequestType::kCriticalInfrastructure, "ci_incident_assistance"},
                             {RequestType::kTakedownMitigation, "takedown_mitigation"},
                             {RequestType::kFormalMla, "formal_mla"}},
                            &parse_request_type);
  EXPECT_EQ(all_request_types().size(), 10u);
}

TEST(WireNamesTest, PrioritiesAreasConfidentiality) {
  expect_names<Priority>(
      {{Priority::kP0, "P0"}, {Priority::kP1, "P1"}, {Priority::kP2, "P2"}, {Priority::kP3, "P3"}},
      &parse_priority);
  expect_names<PriorityArea>({{PriorityArea::kHacking, "hacking"},
                              {PriorityArea::kFraud, "fraud"},
                              {PriorityArea::kCsam, "csam"},
                              {PriorityArea::kTerrorism, "terrorism"},
                              {PriorityArea::kIpTheft, "ip_theft"},
                              {PriorityArea::kDarknetTrade, "darknet_trade"},
                              {PriorityArea::kCriticalInfrastructure, "critical_infrastructure"},
                              {PriorityArea::kOther, "other"}},
                             &parse_priority_area);
  expect_names<Confidentiality>({{Confidentiality::kStandard, "standard"},
                                 {Confidentiality::kConfidential, "confidential"},
                                 {Confidentiality::kDoNotNotify, "do_not_notify"}},
                                &parse_confidentiality);
}

TEST(WireNamesTest, CategoriesKindsGrounds) {
  expect_names<DataCategory>({{DataCategory::kSubscriber, "subscriber"},
                              {DataCategory::kTraffic, "traffic"},
                              {DataCategory::kContent, "content"},
                              {DataCategory::kLocation, "location"},
                              {DataCategory::kFinancial, "financial"},
                              {DataCategory::kDevice, "device"}},
                             &parse_data_category);
  expect_names<IdentifierKind>({{IdentifierKind::kIpv4, "ipv4"},
                                {IdentifierKind::kIpv6, "ipv6"},
                                {IdentifierKind::kDomain, "domain"},
                                {IdentifierKind::kUrl, "url"},
                                {IdentifierKind::kEmail, "email"},
                                {IdentifierKind::kAccount, "account"},
                                {IdentifierKind::kPhone, "phone"},
                                {IdentifierKind::kWallet, "wallet"},
                                {IdentifierKind::kHash, "hash"}},
                               &parse_identifier_kind);
  expect_names<RefusalGround>({{RefusalGround::kDualCriminality, "dual_criminality"},
                               {RefusalGround::kPoliticalOffence, "political_offence"},
                               {RefusalGround::kSovereigntySecurity, "sovereignty_security"},
                               {RefusalGround::kInsufficientInfo, "insufficient_information"},
                               {RefusalGround::kDataUnavailable, "data_unavailable"},
                               {RefusalGround::kOutOfScope, "out_of_scope"},
                               {RefusalGround::kOther, "other"}},
                              &parse_refusal_ground);
}

TEST(WireNamesTest, StatesEventsSides) {
  expect_names<State>({{State::kDraft, "draft"},
                       {State::kSubmitted, "submitted"},
                       {State::kAcknowledged, "acknowledged"},
                       {State::kInProgress, "in_progress"},
                       {State::kPreserved, "preserved"},
                       {State::kNeedsInfo, "needs_info"},
                       {State::kPostponed, "postponed"},
                       {State::kPartiallyFulfilled, "partially_fulfilled"},
                       {State::kFulfilled, "fulfilled"},
                       {State::kRefused, "refused"},
                       {State::kWithdrawn, "withdrawn"},
                       {State::kClosed, "closed"}},
                      &parse_state);
  expect_names<Event>({{Event::kSubmit, "submit"},
                       {Event::kAcknowledge, "acknowledge"},
                       {Event::kStart, "start"},
                       {Event::kConfirmPreserved, "confirm_preserved"},
                       {Event::kRequestInfo, "request_info"},
                       {Event::kProvideInfo, "provide_info"},
                       {Event::kPostpone, "postpone"},
                       {Event::kResume, "resume"},
                       {Event::kFulfilPartially, "fulfil_partially"},
                       {Event::kFulfil, "fulfil"},
                       {Event::kRefuse, "refuse"},
                       {Event::kWithdraw, "withdraw"},
                       {Event::kClose, "close"}},
                      &parse_event);
  EXPECT_STREQ(to_string(Side::kRequester), "requester");
  EXPECT_STREQ(to_string(Side::kRequested), "requested");
  EXPECT_EQ(all_states().size(), 12u);
  EXPECT_EQ(all_events().size(), 13u);
}

TEST(WireNamesTest, OutOfRangeValuesHaveAPlaceholderName) {
  EXPECT_STREQ(to_string(static_cast<State>(99)), "unknown");
  EXPECT_STREQ(to_string(static_cast<RequestType>(-1)), "unknown");
}

// ---- identifiers ---------------------------------------------------------------------------

// The normalised value, or the error's field prefixed with "!" (so EXPECT_EQ shows both).
std::string norm(IdentifierKind kind, std::string value) {
  Identifier id;
  id.kind = kind;
  id.value = std::move(value);
  const Status st = validate_identifier(id, "id");
  if (!st.is_ok()) {
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
    return "!" + st.field();
  }
  return id.value;
}

constexpr const char* kBadValue = "!id.value";

TEST(IdentifierTest, Ipv4) {
  EXPECT_EQ(norm(IdentifierKind::kIpv4, "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(norm(IdentifierKind::kIpv4, "0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(norm(IdentifierKind::kIpv4, "255.255.255.255"), "255.255.255.255");
  EXPECT_EQ(norm(IdentifierKind::kIpv4, " 10.1.2.3\n"), "10.1.2.3");
  for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1.2.3.00",
                          "1..2.3", "a.b.c.d", "1.2.3.-4", "1.2.3.4/24", "1234.1.1.1", "::1",
                          "1.2.3.4:80", "", "   ", "1.2.3.", ".1.2.3"}) {
    EXPECT_EQ(norm(IdentifierKind::kIpv4, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, Ipv6IsCanonicalised) {
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "2001:DB8::1"), "2001:db8::1");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "::"), "::");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "::1"), "::1");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "::FFFF:1.2.3.4"), "::ffff:1.2.3.4");
  EXPECT_EQ(norm(IdentifierKind::kIpv6, "::ffff:0102:0304"), "::ffff:1.2.3.4");
  for (const char* bad : {"1.2.3.4", "2001:db8::g", "2001:db8:::1", "fe80::1%eth0", "12345::1",
                          "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "[2001:db8::1]", ""}) {
    EXPECT_EQ(norm(IdentifierKind::kIpv6, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, PortAndObservationTime) {
  Identifier id{IdentifierKind::kIpv4, "203.0.113.7", 443, "2026-11-20T01:02:03Z", "login"};
  EXPECT_TRUE(validate_identifier(id, "identifiers[0]").is_ok());
  id.port = 0;
  EXPECT_TRUE(validate_identifier(id, "identifiers[0]").is_ok());
  id.port = 65535;
  EXPECT_TRUE(validate_identifier(id, "identifiers[0]").is_ok());
  for (int bad : {-1, 65536, 1 << 30}) {
    id.port = bad;
    EXPECT_EQ(validate_identifier(id, "identifiers[0]").field(), "identifiers[0].port");
  }
  id.port.reset();
  id.observed_at = "2026-11-20 01:02:03";
  EXPECT_EQ(validate_identifier(id, "identifiers[0]").field(), "identifiers[0].observed_at");

  Identifier domain{IdentifierKind::kDomain, "example.com", 443, "", ""};
  EXPECT_EQ(validate_identifier(domain, "identifiers[3]").field(), "identifiers[3].port");
  Identifier v6{IdentifierKind::kIpv6, "2001:db8::7", 51234, "2026-11-20T01:02:03.5Z", ""};
  EXPECT_TRUE(validate_identifier(v6, "x").is_ok());
}

TEST(IdentifierTest, Rfc3339Utc) {
  for (const char* good :
       {"2026-11-20T01:02:03Z", "2026-11-20T01:02:03.123Z", "2026-11-20T23:59:59.123456789Z",
        "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z"}) {
    EXPECT_TRUE(is_rfc3339_utc(good)) << good;
  }
  for (const char* bad : {"",
                          "2026-11-20",
                          "2026-11-20T01:02:03",
                          "2026-11-20 01:02:03Z",
                          "2026-11-20T01:02:03+08:00",
                          "2026-11-20T01:02:03z",
                          "2026-11-20t01:02:03Z",
                          "2026-02-30T00:00:00Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-01T00:00:00Z",
                          "2026-11-00T00:00:00Z",
                          "2026-11-20T24:00:00Z",
                          "2026-11-20T01:60:00Z",
                          "2026-11-20T01:02:60Z",
                          "2026-11-20T01:02:03.Z",
                          "2026-11-20T01:02:03.1234567890Z",
                          "2100-02-29T00:00:00Z",
                          "2025-02-29T00:00:00Z",
                          "26-11-20T01:02:03Z",
                          "2026-1-20T01:02:03Z",
                          "+026-11-20T01:02:03Z",
                          "2026-11-20T01:02:03ZZ"}) {
    EXPECT_FALSE(is_rfc3339_utc(bad)) << bad;
  }
}

TEST(IdentifierTest, Domains) {
  EXPECT_EQ(norm(IdentifierKind::kDomain, "Example.COM."), "example.com");
  EXPECT_EQ(norm(IdentifierKind::kDomain, "mail.EXAMPLE.org"), "mail.example.org");
  EXPECT_EQ(norm(IdentifierKind::kDomain, "xn--fsqu00a.xn--fiqs8s"), "xn--fsqu00a.xn--fiqs8s");
  EXPECT_EQ(norm(IdentifierKind::kDomain, "a-b.c-d.example"), "a-b.c-d.example");
  const std::string l63(63, 'a');
  EXPECT_EQ(norm(IdentifierKind::kDomain, l63 + ".com"), l63 + ".com");
  EXPECT_EQ(norm(IdentifierKind::kDomain, std::string(64, 'a') + ".com"), kBadValue);
  // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters, the most a name may have.
  const std::string d253 =
      l63 + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd');
  ASSERT_EQ(d253.size(), 253u);
  EXPECT_EQ(norm(IdentifierKind::kDomain, d253), d253);
  EXPECT_EQ(norm(IdentifierKind::kDomain, d253 + "."), d253);
  EXPECT_EQ(norm(IdentifierKind::kDomain, d253 + "d"), kBadValue);
  for (const char* bad : {"a_b.example.com", "_dmarc.example.com", "localhost", "com", "-a.com",
                          "a-.com", "a..com", ".com", ".", "", "1.2.3.4", "exa mple.com",
                          "example.com..", "例子.中国", "http://example.com", "a.b/c"}) {
    EXPECT_EQ(norm(IdentifierKind::kDomain, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, UnicodeDomainErrorPointsToPunycode) {
  Identifier id{IdentifierKind::kDomain, "例子.中国", std::nullopt, "", ""};
  const Status st = validate_identifier(id, "identifiers[0]");
  EXPECT_EQ(st.field(), "identifiers[0].value");
  EXPECT_NE(st.message().find("punycode"), std::string::npos) << st.message();
}

TEST(IdentifierTest, Urls) {
  EXPECT_EQ(norm(IdentifierKind::kUrl, "HTTPS://Example.COM/Path?q=A#Frag"),
            "https://example.com/Path?q=A#Frag");
  // ident/ident.h's canonical URL (issue 15): an empty path is "/", the user part is dropped.
  EXPECT_EQ(norm(IdentifierKind::kUrl, "https://example.com"), "https://example.com/");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "http://203.0.113.7:8080/x"), "http://203.0.113.7:8080/x");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "http://[2001:DB8:0::1]:443/a"),
            "http://[2001:db8::1]:443/a");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "ftp://user@Files.Example.org/pub"),
            "ftp://files.example.org/pub");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "http://example.com:80/a%2fb%7E"),
            "http://example.com/a%2Fb~");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "https://example.com./login"), "https://example.com/login");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "https://example.com/路径?q=钓鱼"),
            "https://example.com/路径?q=钓鱼");
  EXPECT_EQ(norm(IdentifierKind::kUrl, "https://phish.xn--fiqs8s/?a=1"),
            "https://phish.xn--fiqs8s/?a=1");
  for (const char* bad : {"example.com/path",
                          "javascript:alert(1)",
                          "file:///etc/passwd",
                          "gopher://x.example/",
                          "http://",
                          "http:///path",
                          "http://exa mple.com/",
                          "http://example.com/a b",
                          "http://example.com:99999/",
                          "http://example.com:/",
                          "http://example.com:8a/",
                          "http://256.1.1.1/",
                          "http://01.2.3.4/",
                          "http://[::1/",
                          "http://[::g]/",
                          "http://[::1]x/",
                          "http://localhost/",
                          "http://例子.com/",
                          "http://a_b.example.com/",
                          "http://example.com/\x01"}) {
    EXPECT_EQ(norm(IdentifierKind::kUrl, bad), kBadValue) << bad;
  }
  EXPECT_EQ(norm(IdentifierKind::kUrl, "https://example.com/" + std::string(9000, 'a')), kBadValue);
}

TEST(IdentifierTest, Emails) {
  // One canonical text with indicator sets (issue 15): the local part is folded too.
  EXPECT_EQ(norm(IdentifierKind::kEmail, "Alice.Smith@Example.COM"), "alice.smith@example.com");
  EXPECT_EQ(norm(IdentifierKind::kEmail, "a+tag@sub.example.org"), "a+tag@sub.example.org");
  EXPECT_EQ(norm(IdentifierKind::kEmail, "用户@example.cn"), "用户@example.cn");
  for (const char* bad :
       {"alice", "@example.com", "alice@", "alice@localhost", "a..b@example.com", ".a@example.com",
        "a.@example.com", "a b@example.com", "alice@exa_mple.com", "alice@example.com@",
        "alice(x)@example.com", "\"a\"@example.com"}) {
    EXPECT_EQ(norm(IdentifierKind::kEmail, bad), kBadValue) << bad;
  }
  EXPECT_EQ(norm(IdentifierKind::kEmail, std::string(65, 'a') + "@example.com"), kBadValue);
}

TEST(IdentifierTest, PhonesAreE164) {
  EXPECT_EQ(norm(IdentifierKind::kPhone, "+8613800138000"), "+8613800138000");
  EXPECT_EQ(norm(IdentifierKind::kPhone, "+86 138-0013-8000"), "+8613800138000");
  EXPECT_EQ(norm(IdentifierKind::kPhone, "008613800138000"), "+8613800138000");
  EXPECT_EQ(norm(IdentifierKind::kPhone, "+1 (202) 555-0143"), "+12025550143");
  EXPECT_EQ(norm(IdentifierKind::kPhone, "+123456789012345"), "+123456789012345");
  for (const char* bad :
       {"13800138000", "+0123456789", "+123456", "+1234567890123456", "+86abc1380013",
        "++8613800138000", "+86+13800138000", "+", "", "tel:+8613800138000"}) {
    EXPECT_EQ(norm(IdentifierKind::kPhone, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, Wallets) {
  // Bitcoin base58 (P2PKH 1..., P2SH 3...).
  EXPECT_EQ(norm(IdentifierKind::kWallet, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
  EXPECT_EQ(norm(IdentifierKind::kWallet, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
  // Bitcoin bech32 (BIP 173) and bech32m (BIP 350); upper case is lowered.
  EXPECT_EQ(norm(IdentifierKind::kWallet, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
  EXPECT_EQ(norm(IdentifierKind::kWallet, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  EXPECT_EQ(norm(IdentifierKind::kWallet,
                 "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
  // Ethereum: 0x and 40 hex digits, lowered.
  EXPECT_EQ(norm(IdentifierKind::kWallet, "0x52908400098527886E0F7030069857D2E4169EE7"),
            "0x52908400098527886e0f7030069857d2e4169ee7");
  EXPECT_EQ(norm(IdentifierKind::kWallet, "0X52908400098527886E0F7030069857D2E4169EE7"),
            "0x52908400098527886e0f7030069857d2e4169ee7");
  for (const char* bad : {
           "1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a",          // '0' is not base58
           "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfIa",          // nor is 'I'
           "1A1zP1eP5QGefi2DMPTfTL5S",                    // too short
           "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaaaa",       // too long
           "2A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",          // unknown version prefix
           "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr",  // checksum
           "bc1Qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",  // mixed case
           "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mbq",  // 'b' is not bech32
           "bc1qqqqqq", "0x123", "0x52908400098527886E0F7030069857D2E4169EEG",
           "0x52908400098527886E0F7030069857D2E4169EE7a",
           "TJYeasTPa6gpEEfYqPQqt5NyNyYbWsoAeY",  // a Tron address: not supported
       }) {
    EXPECT_EQ(norm(IdentifierKind::kWallet, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, Hashes) {
  EXPECT_EQ(norm(IdentifierKind::kHash, "D41D8CD98F00B204E9800998ECF8427E"),
            "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(norm(IdentifierKind::kHash, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  const std::string sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
  EXPECT_EQ(norm(IdentifierKind::kHash, sha256),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(norm(IdentifierKind::kHash, std::string(128, 'F')), std::string(128, 'f'));
  for (const std::string& bad :
       {std::string(31, 'a'), std::string(33, 'a'), std::string(56, 'a'), std::string(32, 'g'),
        std::string(), std::string("d41d8cd98f00b204e9800998ecf8427") + "-"}) {
    EXPECT_EQ(norm(IdentifierKind::kHash, bad), kBadValue) << bad;
  }
}

TEST(IdentifierTest, Accounts) {
  EXPECT_EQ(norm(IdentifierKind::kAccount, "telegram:@bad_actor"), "telegram:@bad_actor");
  EXPECT_EQ(norm(IdentifierKind::kAccount, "微信:张三"), "微信:张三");
  EXPECT_EQ(norm(IdentifierKind::kAccount, " free text account \t"), "free text account");
  const std::string max(256, 'x');
  EXPECT_EQ(norm(IdentifierKind::kAccount, max), max);
  // 256 Chinese characters are 768 bytes; the limit is in characters.
  std::string cjk;
  for (int i = 0; i < 256; ++i) cjk += "账";
  EXPECT_EQ(norm(IdentifierKind::kAccount, cjk), cjk);
  EXPECT_EQ(norm(IdentifierKind::kAccount, cjk + "账"), kBadValue);
  EXPECT_EQ(norm(IdentifierKind::kAccount, max + "x"), kBadValue);
  EXPECT_EQ(norm(IdentifierKind::kAccount, ""), kBadValue);
  EXPECT_EQ(norm(IdentifierKind::kAccount, "two\nlines"), kBadValue);
  EXPECT_EQ(norm(IdentifierKind::kAccount, "bad \xc3\x28 utf8"), kBadValue);
}

TEST(IdentifierTest, KindAndNoteAreChecked) {
  Identifier id{static_cast<IdentifierKind>(77), "x", std::nullopt, "", ""};
  EXPECT_EQ(validate_identifier(id, "identifiers[2]").field(), "identifiers[2].kind");
  Identifier noted{IdentifierKind::kHash, std::string(32, 'a'), std::nullopt, "",
                   std::string(1001, 'n')};
  EXPECT_EQ(validate_identifier(noted, "identifiers[2]").field(), "identifiers[2].note");
  noted.note = "dropper\nseen twice";
  EXPECT_TRUE(validate_identifier(noted, "identifiers[2]").is_ok());
}

TEST(IdentifierTest, NormalisationIsIdempotent) {
  const std::pair<IdentifierKind, const char*> cases[] = {
      {IdentifierKind::kIpv6, "2001:0DB8::0:1"},
      {IdentifierKind::kDomain, "Example.COM."},
      {IdentifierKind::kUrl, "HTTP://[2001:DB8::1]:80/P"},
      {IdentifierKind::kEmail, "A@B.Example"},
      {IdentifierKind::kPhone, "0086 138 0013 8000"},
      {IdentifierKind::kWallet, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"},
      {IdentifierKind::kHash, "D41D8CD98F00B204E9800998ECF8427E"},
  };
  for (const auto& [kind, value] : cases) {
    const std::string once = norm(kind, value);
    ASSERT_NE(once[0], '!') << value;
    EXPECT_EQ(norm(kind, once), once) << value;
  }
}

// ---- checklist -----------------------------------------------------------------------------

using Items = std::vector<std::string>;

TEST(ChecklistTest, RequiredItemsPerType) {
  EXPECT_EQ(required_items(RequestType::kPreservation),
            (Items{"title", "requesting_authority", "offence", "data_sought", "data_link",
                   "custodian", "necessity", "mla_to_follow", "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kExpeditedTrafficData),
            (Items{"title", "requesting_authority", "offence", "data_sought", "data_link",
                   "custodian", "necessity", "data_categories", "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kStoredDataProduction),
            (Items{"title", "requesting_authority", "legal_basis", "offence", "data_sought",
                   "data_link", "custodian", "necessity", "data_categories", "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kEmergencyDisclosure),
            (Items{"title", "requesting_authority", "offence", "data_sought", "custodian",
                   "necessity", "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kLocateIdentify),
            (Items{"title", "requesting_authority", "offence", "data_sought", "necessity",
                   "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kTechnicalAdvice),
            (Items{"title", "requesting_authority", "data_sought"}));
  EXPECT_EQ(required_items(RequestType::kLeadSharing),
            (Items{"title", "requesting_authority", "offence"}));
  EXPECT_EQ(required_items(RequestType::kCriticalInfrastructure),
            (Items{"title", "requesting_authority", "offence", "data_sought", "necessity",
                   "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kTakedownMitigation),
            (Items{"title", "requesting_authority", "offence", "data_sought", "custodian",
                   "necessity", "identifiers"}));
  EXPECT_EQ(required_items(RequestType::kFormalMla),
            (Items{"title", "requesting_authority", "legal_basis", "offence", "data_sought",
                   "data_link", "custodian", "necessity", "data_categories"}));
}

TEST(ChecklistTest, EveryTypeNeedsATitleAndAnAuthority) {
  for (RequestType t : all_request_types()) {
    const Items items = required_items(t);
    ASSERT_GE(items.size(), 2u) << to_string(t);
    EXPECT_EQ(items[0], "title");
    EXPECT_EQ(items[1], "requesting_authority");
  }
}

TEST(ChecklistTest, EmptyPreservationMissesEverything) {
  RequestContent c;
  const Completeness got = assess(c);
  EXPECT_EQ(got.score, 0);
  EXPECT_FALSE(got.complete());
  EXPECT_EQ(got.missing, required_items(RequestType::kPreservation));
  ASSERT_EQ(got.items.size(), 9u);
  for (const ChecklistItem& i : got.items) EXPECT_FALSE(i.satisfied) << i.item;
}

TEST(ChecklistTest, ScoreIsRoundedDown) {
  RequestContent c;
  c.title.original = "保全 203.0.113.7 的登录记录";
  c.offence.original = "online fraud";
  c.mla_to_follow = false;  // a stated "no" is an answer
  Completeness got = assess(c);
  EXPECT_EQ(got.score, 33);  // 3 * 100 / 9 = 33.3
  EXPECT_EQ(got.missing, (Items{"requesting_authority", "data_sought", "data_link", "custodian",
                                "necessity", "identifiers"}));
  ASSERT_EQ(got.items.size(), 9u);
  EXPECT_EQ(got.items[0].item, "title");
  EXPECT_TRUE(got.items[0].satisfied);
  EXPECT_EQ(got.items[7].item, "mla_to_follow");
  EXPECT_TRUE(got.items[7].satisfied);

  c.type = RequestType::kTechnicalAdvice;
  c.requesting_authority.original = "Cyber Police, Unit 3, +86 10 0000 0000";
  got = assess(c);
  EXPECT_EQ(got.score, 66);  // 2 * 100 / 3 = 66.7
  EXPECT_EQ(got.missing, Items{"data_sought"});
  c.data_sought.original = "how to read this log format";
  got = assess(c);
  EXPECT_EQ(got.score, 100);
  EXPECT_TRUE(got.complete());
}

TEST(ChecklistTest, BlankTextDoesNotCount) {
  RequestContent c;
  c.type = RequestType::kLeadSharing;
  c.title.original = " \n\t ";
  c.title.translation = "something";
  c.requesting_authority.original = "x";
  c.offence.original = "y";
  const Completeness got = assess(c);
  EXPECT_EQ(got.missing, Items{"title"});
  EXPECT_EQ(got.score, 66);
}

RequestContent complete_preservation() {
  RequestContent c;
  c.type = RequestType::kPreservation;
  c.priority = Priority::kP1;
  c.priority_area = PriorityArea::kFraud;
  c.requesting_party = "CN";
  c.requested_party = "US";
  c.title = {"保全电子邮件账户数据", "zh-CN", "Preserve e-mail account data", "en"};
  c.requesting_authority = {"Ministry of Public Security, Cyber Division", "en", "", ""};
  c.offence = {"Phishing fraud against 300 victims", "en", "", ""};
  c.data_sought = {"Subscriber and login records", "en", "", ""};
  c.data_link = {"The account sent the phishing mails", "en", "", ""};
  c.custodian = {"Example Mail Inc., California", "en", "", ""};
  c.necessity = {"Logs are deleted after 30 days", "en", "", ""};
  c.mla_to_follow = true;
  c.data_categories = {DataCategory::kSubscriber, DataCategory::kTraffic};
  c.identifiers = {{IdentifierKind::kEmail, "Fraudster@Example.COM", std::nullopt, "", ""},
                   {IdentifierKind::kIpv4, "203.0.113.7", 443, "2026-11-20T01:02:03Z", "login"}};
  c.respond_by = "2026-12-01T00:00:00Z";
  c.requester_ref = "CN-2026-000001";
  return c;
}

TEST(ChecklistTest, CompletePreservation) {
  const Completeness got = assess(complete_preservation());
  EXPECT_TRUE(got.complete());
  EXPECT_EQ(got.score, 100);
}

// ---- content validation --------------------------------------------------------------------

void expect_field(RequestContent c, const std::string& field) {
  const Status st = validate_content(c);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << field;
  EXPECT_EQ(st.field(), field) << st.to_string();
}

TEST(ValidateContentTest, AcceptsAndNormalises) {
  RequestContent c = complete_preservation();
  ASSERT_TRUE(validate_content(c).is_ok()) << validate_content(c).to_string();
  EXPECT_EQ(c.identifiers[0].value, "fraudster@example.com");
}

TEST(ValidateContentTest, AnEmptyDraftIsWellFormed) {
  RequestContent c;
  EXPECT_TRUE(validate_content(c).is_ok());
}

TEST(ValidateContentTest, IdentifierErrorsNameTheIndex) {
  RequestContent c = complete_preservation();
  c.identifiers[1].value = "256.1.1.1";
  expect_field(c, "identifiers[1].value");
  c = complete_preservation();
  c.identifiers[1].port = 70000;
  expect_field(c, "identifiers[1].port");
  c = complete_preservation();
  c.identifiers.assign(1001, c.identifiers[1]);
  expect_field(c, "identifiers");
}

TEST(ValidateContentTest, Parties) {
  RequestContent c = complete_preservation();
  for (const char* bad : {"us", "U", "ABCDEFGHI", "C-N", "U S", "中国"}) {
    c.requested_party = bad;
    expect_field(c, "requested_party");
  }
  for (const char* good : {"US", "EU", "INTERPOL", "X1"}) {
    c.requested_party = good;
    EXPECT_TRUE(validate_content(c).is_ok()) << good;
  }
  c = complete_preservation();
  c.requesting_party = "cn";
  expect_field(c, "requesting_party");
  c.requesting_party = "US";
  expect_field(c, "requested_party");  // a party cannot ask itself
}

TEST(ValidateContentTest, TextLengthsAreInCharacters) {
  RequestContent c = complete_preservation();
  std::string title;
  for (int i = 0; i < 500; ++i) title += "题";
  c.title.original = title;
  EXPECT_TRUE(validate_content(c).is_ok());
  c.title.original += "题";
  expect_field(c, "title.original");
  c = complete_preservation();
  c.title.translation = std::string(501, 't');
  expect_field(c, "title.translation");
  c = complete_preservation();
  c.offence.original = std::string(20000, 'o');
  EXPECT_TRUE(validate_content(c).is_ok());
  c.offence.original += "o";
  expect_field(c, "offence.original");
  c = complete_preservation();
  c.custodian.translation = std::string(20001, 't');
  expect_field(c, "custodian.translation");
}

TEST(ValidateContentTest, TextMustBeWellFormed) {
  RequestContent c = complete_preservation();
  c.necessity.original = "bad \xed\xa0\x80 surrogate";
  expect_field(c, "necessity.original");
  c = complete_preservation();
  c.data_link.original = "bell \x07";
  expect_field(c, "data_link.original");
  c = complete_preservation();
  c.data_link.original = "line one\r\nline two\tand a tab";
  EXPECT_TRUE(validate_content(c).is_ok());
  c = complete_preservation();
  c.title.lang = "zh_CN";
  expect_field(c, "title.lang");
  c = complete_preservation();
  c.legal_basis = {"", "", "a translation of nothing", "en"};
  expect_field(c, "legal_basis.original");
  c = complete_preservation();
  c.legal_basis.translation_lang = "english language";
  expect_field(c, "legal_basis.translation_lang");
  c.legal_basis.translation_lang = "zh-Hans-CN";
  EXPECT_TRUE(validate_content(c).is_ok());
}

TEST(ValidateContentTest, RespondByIsRfc3339Utc) {
  RequestContent c = complete_preservation();
  c.respond_by = "2026-12-01";
  expect_field(c, "respond_by");
  c.respond_by = "2026-12-01T08:00:00+08:00";
  expect_field(c, "respond_by");
  c.respond_by = "";
  EXPECT_TRUE(validate_content(c).is_ok());
}

TEST(ValidateContentTest, EnumsCategoriesAndReference) {
  RequestContent c = complete_preservation();
  c.priority = static_cast<Priority>(9);
  expect_field(c, "priority");
  c = complete_preservation();
  c.type = static_cast<RequestType>(10);
  expect_field(c, "type");
  c = complete_preservation();
  c.priority_area = static_cast<PriorityArea>(8);
  expect_field(c, "priority_area");
  c = complete_preservation();
  c.confidentiality = static_cast<Confidentiality>(3);
  expect_field(c, "confidentiality");
  c = complete_preservation();
  c.data_categories = {DataCategory::kTraffic, DataCategory::kTraffic};
  expect_field(c, "data_categories[1]");
  c.data_categories = {DataCategory::kTraffic, static_cast<DataCategory>(6)};
  expect_field(c, "data_categories[1]");
  c = complete_preservation();
  c.requester_ref = std::string(129, 'R');
  expect_field(c, "requester_ref");
  c.requester_ref = "CN\n1";
  expect_field(c, "requester_ref");
}

}  // namespace
}  // namespace liaison::model
