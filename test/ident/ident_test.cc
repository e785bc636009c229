// The one identifier library (ident/) under requests and indicator sets: the same subject as a
// request identifier and as an indicator is one text, and the sweep's fast paths (the SIMD
// walk, the SSSE3 IPv4 parser, the case-folding domain hash) agree with the library on real
// feeds and logs.
#include "ident/ident.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/request.h"
#include "sweep/index.h"
#include "sweep/ipv4.h"
#include "sweep/scanner.h"

namespace liaison {
namespace {

using model::Identifier;
using model::IdentifierKind;

// The request's canonical text, or "!" + the error.
std::string as_request(IdentifierKind kind, const std::string& value) {
  Identifier id{kind, value, std::nullopt, "", ""};
  const Status st = model::validate_identifier(id, "identifiers[0]");
  return st.is_ok() ? id.value : "!" + st.message();
}

// The indicator's canonical text, or "!" + the error.
std::string as_indicator(const std::string& value) {
  sweep::Index index;
  auto id = index.add(value);
  return id.is_ok() ? index.indicator(*id).value : "!" + id.status().message();
}

// The indicator texts a one-line log hits.
std::vector<std::string> hits(const sweep::Index& index, const std::string& line) {
  sweep::ScanResult r;
  sweep::scan_buffer(index, line + "\n", 1, false, r);
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(index.indicator(h.indicator).value);
  return out;
}

TEST(IdentTest, SameUrlAsRequestIdentifierAndIndicatorIsOneText) {
  // (issue 15: the request kept "user@" and ":80", the indicator dropped them and added "/")
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"http://user@Evil.Example.COM:80", "http://evil.example.com/"},
      {"HTTPS://login:secret@evil.example.com:443/a/%7euser?q=%2f#x",
       "https://evil.example.com/a/~user?q=%2F#x"},
      {"http://evil.example.com.:8080?x=1", "http://evil.example.com:8080/?x=1"},
      {"ftp://files.example.org:21/pub", "ftp://files.example.org/pub"},
      {"http://[2001:DB8:0::1]:0080/a", "http://[2001:db8::1]/a"},
      {"http://203.0.113.7:8443/x", "http://203.0.113.7:8443/x"},
  };
  for (const auto& [text, canonical] : cases) {
    EXPECT_EQ(as_request(IdentifierKind::kUrl, text), canonical) << text;
    EXPECT_EQ(as_indicator(text), canonical) << text;
    EXPECT_EQ(ident::canonical_url(text), canonical) << text;
  }
}

TEST(IdentTest, SameDomainEmailAddressAndHashAsRequestAndIndicator) {
  const std::vector<std::tuple<IdentifierKind, std::string, std::string>> cases = {
      {IdentifierKind::kDomain, "Mail.Evil-Corp.Example.", "mail.evil-corp.example"},
      {IdentifierKind::kDomain, "xn--80ak6aa92e.COM", "xn--80ak6aa92e.com"},
      {IdentifierKind::kEmail, "Fraudster@Evil.Example.COM", "fraudster@evil.example.com"},
      {IdentifierKind::kEmail, "a+Tag@sub.example.org", "a+tag@sub.example.org"},
      {IdentifierKind::kIpv6, "2001:DB8:0:0::1", "2001:db8::1"},
      {IdentifierKind::kIpv6, "::FFFF:203.0.113.9", "::ffff:203.0.113.9"},
      {IdentifierKind::kIpv4, "203.0.113.9", "203.0.113.9"},
      {IdentifierKind::kHash, "D41D8CD98F00B204E9800998ECF8427E",
       "d41d8cd98f00b204e9800998ecf8427e"},
  };
  for (const auto& [kind, text, canonical] : cases) {
    EXPECT_EQ(as_request(kind, text), canonical) << text;
    EXPECT_EQ(as_indicator(text), canonical) << text;
  }
}

TEST(IdentTest, RequestsAreStricterThanFeedsButNeverDifferent) {
  // Feeds carry names a person may not type into a request; what both take is one text.
  EXPECT_EQ(as_indicator("_dmarc.Example.com"), "_dmarc.example.com");
  EXPECT_EQ(as_request(IdentifierKind::kDomain, "_dmarc.Example.com")[0], '!');
  EXPECT_EQ(ident::canonical_url("hxxp://Evil.example/"), "hxxp://evil.example/");
  EXPECT_EQ(as_request(IdentifierKind::kUrl, "hxxp://evil.example/")[0], '!');
  // A port a request refuses stays as written in an indicator (records already signed keep
  // their canonical text when replayed).
  EXPECT_EQ(ident::canonical_url("http://Evil.example:8a/x"), "http://evil.example:8a/x");
  EXPECT_EQ(as_request(IdentifierKind::kUrl, "http://evil.example:8a/x"),
            "!identifiers[0].value has an invalid port");
}

// A URL written as people and logs vary it: the library makes each the same text, and the
// sweep's walk over a log line holding the variant finds the indicator given in another one.
TEST(IdentTest, SweepFindsAUrlIndicatorGivenInAnyEquivalentSpelling) {
  sweep::Index index;
  ASSERT_TRUE(index.add("https://Phish.Example.net:443/Login?next=%2fhome").is_ok());
  index.build();
  const std::string want = "https://phish.example.net/Login?next=%2Fhome";
  for (const char* variant : {"https://phish.example.net/Login?next=%2Fhome",
                              "HTTPS://PHISH.example.NET/Login?next=%2fhome",
                              "https://victim@phish.example.net:443/Login?next=%2Fhome",
                              "https://phish.example.net./Login?next=%2F%68ome"}) {
    EXPECT_EQ(hits(index, std::string("GET ") + variant + " 200"), std::vector<std::string>{want})
        << variant;
  }
  EXPECT_TRUE(hits(index, "GET https://phish.example.net/login?next=%2Fhome 200").empty());
}

std::string shared_data() { return LIAISON_SHARED_DATA; }

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Every http(s) URL in the shared MISP events and the ATT&CK for ICS bundle, cut at the
// sweep's field delimiters (so a log line holds each as one field).
std::vector<std::string> corpus_urls() {
  std::vector<std::string> out;
  const std::regex url(R"(https?://[^\s"',;()\[\]{}<>|\\]+)");
  std::vector<std::string> files = {shared_data() + "/stix/ics-attack.json"};
  for (const auto& e : std::filesystem::directory_iterator(shared_data() + "/misp")) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::set<std::string> seen;
  for (const auto& f : files) {
    const std::string text = read_all(f);
    for (std::sregex_iterator it(text.begin(), text.end(), url), end; it != end; ++it) {
      if (seen.insert(it->str()).second) out.push_back(it->str());
    }
  }
  return out;
}

TEST(IdentTest, RealUrlsAreOneTextInRequestsIndicatorsAndTheSweep) {
  if (!std::filesystem::exists(shared_data() + "/misp")) GTEST_SKIP() << "no shared data";
  const auto urls = corpus_urls();
  ASSERT_GT(urls.size(), 500u);
  sweep::Index index;
  size_t requests_taken = 0;
  for (const auto& u : urls) {
    const auto canonical = ident::canonical_url(u);
    ASSERT_TRUE(canonical) << u;
    EXPECT_EQ(ident::canonical_url(*canonical), canonical) << u;  // idempotent
    EXPECT_EQ(as_indicator(u), *canonical) << u;
    const std::string req = as_request(IdentifierKind::kUrl, u);
    if (req[0] != '!') {
      ++requests_taken;
      EXPECT_EQ(req, *canonical) << u;
    }
    ASSERT_TRUE(index.add(*canonical).is_ok()) << u;
  }
  EXPECT_GT(requests_taken, urls.size() * 9 / 10);
  index.build();
  // The walk over a log of every URL, as written, in an upper-case-host spelling, and with
  // the scheme's default port: each line hits exactly that URL's canonical text.
  std::string log;
  std::vector<std::string> want;
  for (const auto& u : urls) {
    std::string loud = u;
    const size_t host = loud.find("://") + 3;
    const size_t host_end = std::min(loud.find_first_of("/?#:", host), loud.size());
    for (size_t i = host; i < host_end; ++i) loud[i] = static_cast<char>(std::toupper(loud[i]));
    std::string port = u;
    if (u.find(':', host) > u.find_first_of("/?#", host) && u.find('@') == std::string::npos) {
      port.insert(host_end, u.starts_with("https") ? ":443" : ":80");
    }
    for (const std::string& line : {u, loud, port}) {
      log += "1700000000 GET " + line + " 200\n";
      want.push_back(*ident::canonical_url(u));
    }
  }
  sweep::ScanResult r;
  sweep::scan_buffer(index, log, 1, false, r);
  std::vector<std::string> got(want.size());
  for (const auto& h : r.hits) {
    ASSERT_LE(h.line, want.size());
    EXPECT_TRUE(got[h.line - 1].empty()) << "two hits on line " << h.line;
    got[h.line - 1] = index.indicator(h.indicator).value;
  }
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << "line " << i + 1;
}

// The Zeek DNS log's query names against a list of every 5th of them: the sweep's case-folding
// domain walk hits exactly the lines whose name (in ident's canonical form) is a listed
// domain or under one.
TEST(IdentTest, RealDnsNamesMatchAsTheLibraryCanonicalisesThem) {
  const std::string path = shared_data() + "/logs/zeek_dns.log.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data";
  gzFile g = gzopen(path.c_str(), "rb");
  ASSERT_NE(g, nullptr);
  std::string text;
  char buf[1 << 16];
  for (int n; (n = gzread(g, buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  gzclose(g);
  std::vector<std::string> names;  // the query column, one per data line
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream cs(line);
    for (std::string c; std::getline(cs, c, '\t');) cols.push_back(c);
    if (cols.size() > 9) names.push_back(cols[9]);
  }
  ASSERT_GT(names.size(), 1000u);
  std::set<std::string> listed;
  sweep::Index index;
  for (size_t i = 0; i < names.size(); i += 5) {
    const auto c = ident::canonical_host_name(names[i]);
    if (c && index.add_domain(names[i]).is_ok()) listed.insert(*c);
  }
  ASSERT_GT(listed.size(), 50u);
  index.build();
  // Each name alone on a line, as written and upper-cased.
  std::string log;
  std::vector<bool> want;
  for (const auto& n : names) {
    std::string up = n;
    for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    bool hit = false;
    if (auto c = ident::canonical_host_name(n)) {
      for (std::string_view s = *c;;) {
        if (listed.count(std::string(s))) hit = true;
        const size_t dot = s.find('.');
        if (hit || dot == std::string_view::npos) break;
        s.remove_prefix(dot + 1);
      }
    }
    log += n + "\n" + up + "\n";
    want.push_back(hit);
    want.push_back(hit);
  }
  sweep::ScanResult r;
  sweep::scan_buffer(index, log, 1, false, r);
  std::vector<bool> got(want.size(), false);
  for (const auto& h : r.hits) got[h.line - 1] = true;
  size_t wrong = 0, hits_seen = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    wrong += got[i] != want[i];
    hits_seen += got[i];
    if (got[i] != want[i] && wrong < 10) ADD_FAILURE() << "line " << i + 1 << ": " << names[i / 2];
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(hits_seen, 100u);
}

// The sweep's IPv4 parsers (portable and SSSE3) accept exactly the library's strict dotted
// quads, on the real IPsum list and on edits of each address that break it.
TEST(IdentTest, SweepIpv4ParsersAgreeWithTheLibrary) {
  const std::string path = shared_data() + "/indicators/ipsum.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data";
  std::ifstream f(path);
  std::vector<std::string> texts;
  for (std::string line; std::getline(f, line) && texts.size() < 20000;) {
    if (line.empty() || line[0] == '#') continue;
    const std::string ip = line.substr(0, line.find_first_of(" \t"));
    texts.push_back(ip);
    texts.push_back("0" + ip);
    texts.push_back(ip + ".1");
    texts.push_back(ip.substr(0, ip.size() - 1));
    texts.push_back(ip.substr(0, ip.find('.')) + "0" + ip.substr(ip.find('.')));
    texts.push_back(ip.substr(0, ip.rfind('.')) + ".256");
  }
  ASSERT_GT(texts.size(), 10000u);
  size_t accepted = 0;
  for (const auto& t : texts) {
    const bool want = ident::is_ipv4(t);
    accepted += want;
    uint32_t a = 0;
    EXPECT_EQ(sweep::ipv4::parse_portable(t, a), want) << t;
    if (sweep::ipv4::have_ssse3()) {
      EXPECT_EQ(sweep::ipv4::parse_ssse3(t, a, nullptr), want) << t;
    }
  }
  EXPECT_GT(accepted, 3000u);
}

}  // namespace
}  // namespace liaison
