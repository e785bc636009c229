// Issue 17: every refusal carries a reason the console translates. A 401, 403, 404, 409, 413
// or 429 gets one by construction (Status's constructor, default_reason()); a 400 names its
// own. This test reads src/ and finds each invalid_argument(…) / Status(kInvalidArgument, …)
// whose statement adds no .with_reason(…): outside the files that never answer the console
// (records from peers, the command line, files), each file may keep at most its budget
// below — and exactly it, so the budget only falls. A new refusal without a reason fails here
// with its file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/status.h"

namespace liaison::testing {
namespace {

namespace fs = std::filesystem;

// Where a reason-less 400 never reaches the console: records a peer sent (apply, the ledger,
// federation, the store: administrators read these in quarantine, in English), the command
// line and its files (sweep, cli, evidence, config, certificates), report file internals; and
// status.h/.cc, where the refusals are defined.
bool exempt(const std::string& path) {
  static const std::regex kExempt(
      "^(kernel/ledger/|kernel/federation/|kernel/store/|sweep/|cli/|evidence/|kernel/outputs/)"
      "|apply\\.cc$|^kernel/node/(config|tls_cert)\\.cc$|^reports/(outputs|tables|figures)\\.cc$"
      "|^kernel/common/status\\.(h|cc)$");
  return std::regex_search(path, kExempt);
}

// The console-facing files' refusals still to be given a reason (a count only falls): none
// since h17-last (142 before it); a file that needs one again must say why here.
const std::map<std::string, int> kBudget = {};

// Line comments blanked (newlines kept, so line numbers stay right).
std::string without_comments(const std::string& text) {
  std::string out = text;
  bool in_string = false;
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\n') {
        in_string = false;
      }
    } else if (c == '"' && (i == 0 || out[i - 1] != '\'')) {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    }
  }
  return out;
}

// The lines of `text` that create a 400 without a reason.
std::vector<int> reasonless_refusals(const std::string& raw) {
  const std::string text = without_comments(raw);
  std::vector<int> lines;
  for (const char* opener : {"invalid_argument(", "Status(StatusCode::kInvalidArgument"}) {
    const std::string needle = opener;
    for (size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
      if (at > 0) {
        const char before = text[at - 1];
        if (std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == '.' ||
            before == '>' || before == ':') {
          continue;
        }
      }
      if (text.compare(at, 34, "invalid_argument(std::string msg, ") == 0) continue;
      const size_t end = text.find(';', at);
      const std::string statement = text.substr(at, end - at);
      if (statement.find("with_reason") != std::string::npos) continue;
      lines.push_back(1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')));
    }
  }
  return lines;
}

TEST(RefusalReasonsTest, EveryConsoleFacingRefusalCarriesAReasonOrIsInItsFilesBudget) {
  const fs::path src = fs::path(LIAISON_SOURCE_DIR) / "src";
  ASSERT_TRUE(fs::is_directory(src)) << src;
  std::map<std::string, std::vector<int>> found;
  int total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    const std::string rel = fs::relative(entry.path(), src).generic_string();
    std::ifstream in(entry.path());
    std::stringstream buf;
    buf << in.rdbuf();
    std::vector<int> lines = reasonless_refusals(buf.str());
    total += static_cast<int>(lines.size());
    if (!lines.empty() && !exempt(rel)) found[rel] = std::move(lines);
  }
  for (const auto& [file, lines] : found) {
    auto budget = kBudget.find(file);
    const int allowed = budget == kBudget.end() ? 0 : budget->second;
    std::string where;
    for (int l : lines) where += " src/" + file + ":" + std::to_string(l);
    EXPECT_LE(static_cast<int>(lines.size()), allowed)
        << "a refusal without a reason (add .with_reason(Reason::…), or a reason to kReasons):"
        << where;
    EXPECT_GE(static_cast<int>(lines.size()), allowed)
        << "src/" << file << " has fewer refusals without a reason than its budget: lower it to "
        << lines.size();
  }
  for (const auto& [file, allowed] : kBudget) {
    if (!found.count(file)) {
      ADD_FAILURE() << "src/" << file << " has no refusal without a reason: drop its budget of "
                    << allowed;
    }
  }
  std::cout << "refusals without a reason in src/: " << total << " (console-facing: " << [&] {
    int n = 0;
    for (const auto& [f, l] : found) n += static_cast<int>(l.size());
    return n;
  }() << ")\n";
}

// The scanner itself: what it counts and what it leaves.
TEST(RefusalReasonsTest, TheScannerFindsAReasonlessRefusalAndNothingElse) {
  const std::string text =
      "Status a() { return invalid_argument(\"x is bad\", \"x\"); }\n"
      "Status b() { return invalid_argument(\"y\", \"y\")\n .with_reason(Reason::kRequired); }\n"
      "// invalid_argument(\"in a comment\");\n"
      "Status c() { return field_required(\"z\"); }\n"
      "Status d() { return Status(StatusCode::kInvalidArgument, \"w\"); }\n"
      "Status e() { return st.invalid_argument(\"member\"); }\n";
  EXPECT_EQ(reasonless_refusals(text), (std::vector<int>{1, 6}));
}

// Every refusal but a 400's and a 422's carries a reason from its code.
TEST(RefusalReasonsTest, TheStatusConstructorGivesEachRefusalCodeItsReason) {
  EXPECT_EQ(not_found("no such thing").reason(), Reason::kNoSuch);
  EXPECT_EQ(permission_denied("no").reason(), Reason::kNotPermitted);
  EXPECT_EQ(failed_precondition("not now").reason(), Reason::kWrongState);
  EXPECT_EQ(already_exists("taken").reason(), Reason::kAlreadyExists);
  EXPECT_EQ(Status(StatusCode::kUnauthenticated, "who").reason(), Reason::kNotSignedIn);
  EXPECT_EQ(Status(StatusCode::kTooLarge, "big").reason(), Reason::kTooLarge);
  EXPECT_EQ(Status(StatusCode::kResourceExhausted, "slow").reason(), Reason::kRateLimited);
  EXPECT_EQ(invalid_argument("bad").reason(), Reason::kNone);
  EXPECT_EQ(internal_error("boom").reason(), Reason::kNone);
  Status s = no_such("request", "CN-2026-000003");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no request CN-2026-000003");
  EXPECT_EQ(s.field(), "id");
  ASSERT_EQ(s.params().size(), 2u);
  EXPECT_EQ(std::get<std::string>(s.params()[0].value), "request");
  EXPECT_EQ(std::get<std::string>(s.params()[1].value), "CN-2026-000003");
  Status w = wrong_state("the request is closed", "closed");
  EXPECT_EQ(w.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(w.reason(), Reason::kWrongState);
  EXPECT_EQ(w.field(), "state");
  // A site's own reason wins over its code's.
  EXPECT_EQ(failed_precondition("x").with_reason(Reason::kNobodyPaged).reason(),
            Reason::kNobodyPaged);
}

}  // namespace
}  // namespace liaison::testing
