// The indicator-sharing loop between real nodes: CN publishes a set to US only, US sweeps a
// log with `liaison sweep --data`, CN sees the sightings with counts, US marks one a false
// positive and CN sees that too; EU, peered with both, never sees the set.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cluster.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

TEST(SharingTest, PublishSweepSightingsFeedbackAndTlpIsolation) {
  ASSERT_TRUE(crypto_init());
  NodeProc cn("CN", "Asia/Shanghai"), us("US", "America/New_York"), eu("EU", "Europe/Brussels");
  cn.start();
  us.start();
  eu.start();
  peer_both(cn, us);
  peer_both(cn, eu);
  peer_both(us, eu);

  // Bad input is refused and changes nothing.
  auto bad = cn.api("POST", "/api/v1/indicator-sets",
                    R"({"name":"x","tlp":"purple","recipients":["US"],"indicators":["1.2.3.4"]})");
  EXPECT_EQ(bad.status, 400);
  auto red = cn.api("POST", "/api/v1/indicator-sets",
                    R"({"name":"x","tlp":"red","indicators":["1.2.3.4"]})");
  EXPECT_EQ(red.status, 400);
  EXPECT_NE(red.body.find("recipients"), std::string::npos);
  auto bad_ip =
      cn.api("POST", "/api/v1/indicator-sets",
             R"({"name":"x","tlp":"amber","recipients":["US"],"indicators":["1.2.3.999"]})");
  EXPECT_EQ(bad_ip.status, 400);
  EXPECT_NE(bad_ip.body.find("added[0].value"), std::string::npos) << bad_ip.body;

  auto created = cn.api(
      "POST", "/api/v1/indicator-sets",
      R"J({"name":"Ransomware C2 (CN to US)","tlp":"amber","recipients":["US"],)J"
      R"J("indicators":["203.0.113.5","198.51.100.0/24",{"value":"Evil.Example.COM","confidence":90,"tags":["c2"]}]})J");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string set_id(json::parse(created.body).as_object().at("id").as_string());

  ASSERT_TRUE(wait_until([&] {
    auto o = us.get_json("/api/v1/indicator-sets/" + set_id);
    return o.contains("indicator_count") && o.at("indicator_count").as_int64() == 3;
  }));

  // US sweeps its own log.
  std::string log = us.dir() + "/proxy.log";
  std::ofstream(log) << "ts=1 src=10.0.0.5 dst=203.0.113.5 host=cdn.example.net\n"
                        "ts=2 src=10.0.0.6 dst=203.0.113.5 host=www.evil.example.com\n"
                        "ts=3 src=10.0.0.7 dst=110.0.113.55 host=notevil.example.com\n"
                        "ts=4 src=10.0.0.8 dst=198.51.100.77 host=x\n";
  auto sweep = run({liaison_bin(), "sweep", "--data", us.dir(), log});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  int hit_lines = 0;
  for (char c : sweep.out) hit_lines += c == '\n';
  EXPECT_EQ(hit_lines, 4);  // 203.0.113.5 ×2, www.evil.example.com, 198.51.100.77

  std::string ip_sighting = set_id + ":203.0.113.5:US";
  std::string dom_sighting = set_id + ":evil.example.com:US";
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/sightings?set=" + set_id);
    return o.contains("total") && o.at("total").as_int64() == 3;
  })) << json::serialize(cn.get_json("/api/v1/sightings?set=" + set_id));
  auto seen = cn.get_json("/api/v1/sightings?set=" + set_id);
  for (const auto& s : seen.at("items").as_array()) {
    const auto& o = s.as_object();
    if (o.at("id").as_string() == ip_sighting) {
      EXPECT_EQ(o.at("count").as_int64(), 2);
    }
    EXPECT_EQ(o.at("reporter").as_string(), "US");
    // The publisher is told the log's format and date, not the reporter's file path.
    const std::string where(o.at("where").as_string());
    EXPECT_EQ(where.rfind("text log of 20", 0), 0u) << where;
    EXPECT_EQ(where.find('/'), std::string::npos) << where;
    EXPECT_EQ(where.find("proxy.log"), std::string::npos) << where;
  }
  // US marks the domain sighting a false positive; CN sees it.
  auto fb = us.api("POST", "/api/v1/sightings/" + dom_sighting + "/feedback",
                   R"({"false_positive":true,"action":"none","note":"sinkholed by us"})");
  ASSERT_EQ(fb.status, 200) << fb.body;
  auto wrong = cn.api("POST", "/api/v1/sightings/" + dom_sighting + "/feedback",
                      R"({"false_positive":false})");
  EXPECT_EQ(wrong.status, 403) << wrong.body;  // only the reporter gives feedback
  ASSERT_TRUE(wait_until([&] {
    auto o = cn.get_json("/api/v1/indicator-sets/" + set_id);
    return o.contains("effectiveness") &&
           o.at("effectiveness").as_object().at("false_positives").as_int64() == 1;
  }));
  auto eff = cn.get_json("/api/v1/indicator-sets/" + set_id).at("effectiveness").as_object();
  EXPECT_EQ(eff.at("sightings").as_int64(), 3);
  EXPECT_EQ(eff.at("hits").as_int64(), 4);

  // The match API answers from a cached index: it hits before the delta...
  auto match_hits = [&] {
    auto r = us.api("POST", "/api/v1/indicators/match", R"({"values":["203.0.113.5","x"]})");
    EXPECT_EQ(r.status, 200) << r.body;
    auto items = boost::json::parse(r.body).at("items").as_array();
    return items.at(0).at("hits").as_array().size() + items.at(1).at("hits").as_array().size();
  };
  EXPECT_EQ(match_hits(), 1u);
  EXPECT_EQ(match_hits(), 1u);  // a second call, from the cache

  // A delta travels as a delta.
  ASSERT_EQ(
      cn.api("PATCH", "/api/v1/indicator-sets/" + set_id, R"({"remove":["203.0.113.5"]})").status,
      200);
  ASSERT_TRUE(wait_until([&] {
    auto o = us.get_json("/api/v1/indicator-sets/" + set_id);
    return o.contains("indicator_count") && o.at("indicator_count").as_int64() == 2;
  }));
  EXPECT_EQ(match_hits(), 0u);  // ...and not after it: applying the record invalidated it

  // A label the user sets is what the publisher is told instead of the default.
  std::string log2 = us.dir() + "/firewall.log";
  std::ofstream(log2) << "ts=5 src=10.0.0.9 dst=198.51.100.78\n";
  auto labelled = run({liaison_bin(), "sweep", "--data", us.dir(), "--label", "HQ proxy, week 49",
                       "-o", "jsonl", log2});
  ASSERT_EQ(labelled.exit_code, 0) << labelled.err;
  const std::string range_sighting = set_id + ":198.51.100.0/24:US";
  ASSERT_TRUE(wait_until([&] {
    const json::object seen = cn.get_json("/api/v1/sightings?set=" + set_id);
    for (const auto& s : seen.at("items").as_array()) {
      if (s.at("id").as_string() == range_sighting) {
        return s.at("count").as_int64() == 2 && s.at("where").as_string() == "HQ proxy, week 49";
      }
    }
    return false;
  })) << json::serialize(cn.get_json("/api/v1/sightings?set=" + set_id));

  // Issue 17, item 11: a sighting's first and last seen are the times in the log lines, not
  // the sweep's. The real Zeek DNS log (24 March 2018) answers 134.71.3.16 on 14,316 lines,
  // from ts 1521911720.865716 to 1521912979.264932 (counted with zcat and awk).
  const std::string zeek = std::string(LIAISON_SHARED_DATA) + "/logs/zeek_dns.log.gz";
  if (std::filesystem::exists(zeek)) {
    auto dated = cn.api("POST", "/api/v1/indicator-sets",
                        R"({"name":"Resolver answers","tlp":"green","recipients":["US"],)"
                        R"("indicators":["134.71.3.16"]})");
    ASSERT_EQ(dated.status, 201) << dated.body;
    const std::string dated_set(json::parse(dated.body).at("id").as_string());
    ASSERT_TRUE(wait_until([&] {
      auto o = us.get_json("/api/v1/indicator-sets/" + dated_set);
      return o.contains("indicator_count") && o.at("indicator_count").as_int64() == 1;
    }));
    auto swept = run({liaison_bin(), "sweep", "--data", us.dir(), "--count", zeek});
    ASSERT_EQ(swept.exit_code, 0) << swept.err;
    json::object got;
    ASSERT_TRUE(wait_until([&] {
      const json::object all = cn.get_json("/api/v1/sightings?set=" + dated_set);
      if (!all.contains("items") || all.at("items").as_array().empty()) return false;
      got = all.at("items").at(0).as_object();
      return true;
    })) << json::serialize(cn.get_json("/api/v1/sightings?set=" + dated_set));
    EXPECT_EQ(got.at("count").as_int64(), 14316);
    EXPECT_EQ(got.at("first_seen").as_string(), "2018-03-24T17:15:20Z");
    EXPECT_EQ(got.at("last_seen").as_string(), "2018-03-24T17:36:19Z");
  } else {
    std::cerr << "[ SKIPPED part ] item 11 needs the shared Zeek DNS log: " << zeek << "\n";
  }

  // EU was never addressed: it holds CN's chain only as redacted headers.
  int64_t cn_head = cn.query_int("SELECT max(seq) FROM records WHERE origin='CN'");
  ASSERT_TRUE(wait_until([&] {
    return eu.query_int("SELECT coalesce(max(seq),0) FROM records WHERE origin='CN'") >= cn_head;
  }));
  EXPECT_EQ(eu.api("GET", "/api/v1/indicator-sets/" + set_id).status, 404);
  EXPECT_EQ(eu.query_int("SELECT count(*) FROM indicators"), 0);
  std::string db = slurp(eu.dir() + "/liaison.db") + slurp(eu.dir() + "/liaison.db-wal");
  EXPECT_EQ(db.find("evil.example.com"), std::string::npos);

  // Import of a real list with a bad line: reported with its number, the rest accepted.
  std::string drop = std::string(LIAISON_SHARED_DATA) + "/indicators/spamhaus_drop.txt";
  if (std::filesystem::exists(drop)) {
    std::string text = slurp(drop) + "not-an-ip/99 ; junk\n";
    auto imp = http_call(
        cn.base(), "POST", "/api/v1/indicator-sets/" + set_id + "/import?format=spamhaus", text,
        {{"Authorization", "Bearer " + cn.token()}, {"Content-Type", "text/plain"}});
    ASSERT_EQ(imp.status, 200) << imp.body;
    auto o = json::parse(imp.body).as_object();
    EXPECT_GT(o.at("added").as_int64(), 900);
    ASSERT_EQ(o.at("invalid").as_int64(), 1);
    int64_t lines = 0;
    for (char c : text) lines += c == '\n';
    EXPECT_EQ(o.at("errors").as_array()[0].as_object().at("line").as_int64(), lines);
  }
  EXPECT_EQ(cn.verify_exit(), 0) << cn.verify_out();
  EXPECT_EQ(us.verify_exit(), 0) << us.verify_out();
}

}  // namespace
}  // namespace liaison::testing
