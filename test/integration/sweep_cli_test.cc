// `liaison sweep` as a person and a program meet it: the real binary under a pseudo-terminal
// (a table of hits, named by their Zeek columns, and a progress bar on standard error) and
// through pipes (JSON lines, no bar); repeated -i lists, several files, bad options.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/sweep_output.h"
#include "process.h"

namespace liaison::testing {
namespace {

namespace json = boost::json;

std::string liaison_bin() { return LIAISON_BIN; }

// Runs args with standard input, output and error on one new pseudo-terminal (80 columns)
// and returns everything the terminal received, within `timeout`.
RunResult run_in_terminal(const std::vector<std::string>& args,
                          std::chrono::seconds timeout = std::chrono::seconds(60)) {
  int master = -1;
  winsize ws{};
  ws.ws_col = 80;
  ws.ws_row = 24;
  pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // (as spawn() does: no child outlives a crashed test)
    exec_args(args);
  }
  RunResult r;
  if (pid < 0) return r;
  const auto end = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO: the child closed the terminal
    }
  }
  int status = 0;
  if (std::chrono::steady_clock::now() > end) kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  close(master);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

class SweepCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("liaison-sweep-cli-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    list_ = (dir_ / "list.txt").string();
    std::ofstream(list_) << "# test list\n192.0.2.1\n198.51.100.0/24\n";
    domains_ = (dir_ / "domains.txt").string();
    std::ofstream(domains_) << "evil.example\n";
    log_ = (dir_ / "conn.log").string();
    std::ofstream log(log_);
    log << "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\n";
    // Big enough for the bar to be drawn more than once.
    for (int i = 0; i < 200000; ++i) {
      log << "1700000000." << i << "\tC" << i << "\t10.0." << (i / 250) % 250 << "." << i % 250
          << "\t"
          << (i == 777      ? "192.0.2.1"
              : i == 150000 ? "198.51.100.9"
                            : "10.1.1.1")
          << "\t" << (i == 4242 ? "www.evil.example" : "ok.example") << "\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string list_, domains_, log_;
};

TEST_F(SweepCli, OnATerminalATableOfNamedHitsAndAProgressBar) {
  auto r = run_in_terminal({liaison_bin(), "sweep", "--rows", "-i", list_, "-i", domains_, log_});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // First a summary per indicator (issue 17, item 11), then the rows asked for with --rows.
  const size_t summary = r.out.find("INDICATOR");
  ASSERT_NE(summary, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HITS  FIRST SEEN AT", summary), std::string::npos) << r.out;
  EXPECT_LT(summary, r.out.find("FILE"));
  const size_t evil = r.out.find("\nevil.example ", summary);
  ASSERT_NE(evil, std::string::npos) << r.out;
  const std::string evil_row = r.out.substr(evil + 1, r.out.find('\n', evil + 1) - evil - 1);
  EXPECT_NE(evil_row.find(" domain "), std::string::npos) << evil_row;
  EXPECT_NE(evil_row.find(" 1  "), std::string::npos) << evil_row;
  EXPECT_NE(evil_row.find("conn.log:4245"), std::string::npos) << evil_row;
  // First and last seen by the line's own time (its Zeek ts 1700000000.4242), not the sweep's.
  EXPECT_NE(r.out.find("FIRST SEEN (UTC)", summary), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LAST SEEN (UTC)", summary), std::string::npos) << r.out;
  EXPECT_NE(evil_row.find("2023-11-14T22:13:20Z  2023-11-14T22:13:20Z"), std::string::npos)
      << evil_row;
  // The bar: drawn in place (carriage return, erase line), with a percentage and the file,
  // and erased before the table.
  const size_t frame = r.out.find("\r\x1b[2K[");
  ASSERT_NE(frame, std::string::npos) << r.out.substr(0, 400);
  const std::string bar = r.out.substr(frame, r.out.find('\r', frame + 1) - frame);
  EXPECT_NE(bar.find("%  "), std::string::npos) << bar;
  EXPECT_NE(bar.find("conn.log"), std::string::npos) << bar;
  EXPECT_LT(r.out.rfind("\x1b[2K"), r.out.find("FILE"));
  // The table: a header, then one row per hit in line order, named by Zeek column.
  const size_t header = r.out.find("FILE");
  ASSERT_NE(header, std::string::npos) << r.out;
  std::string table = r.out.substr(header);
  EXPECT_NE(table.find("LINE  FIELD"), std::string::npos) << table;
  EXPECT_NE(table.find("INDICATOR"), std::string::npos);
  const size_t a = table.find("id.resp_h  ipv4    192.0.2.1");
  const size_t b = table.find("query      domain  www.evil.example  evil.example");
  const size_t c = table.find("id.resp_h  ipv4    198.51.100.9");
  EXPECT_NE(a, std::string::npos) << table;
  EXPECT_NE(b, std::string::npos) << table;
  EXPECT_NE(c, std::string::npos) << table;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_NE(table.find(" 780  "), std::string::npos) << "line 780 (after two header lines)";
  EXPECT_NE(table.find("liaison: 3 hits on 3 lines"), std::string::npos) << table;
  // Without a bar when asked.
  auto quiet =
      run_in_terminal({liaison_bin(), "sweep", "--no-progress", "--rows", "-i", list_, log_});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find("\x1b[2K"), std::string::npos);
  EXPECT_NE(quiet.out.find("id.resp_h  ipv4  192.0.2.1"), std::string::npos) << quiet.out;
  // Without --rows: the summary alone.
  auto brief = run_in_terminal({liaison_bin(), "sweep", "--no-progress", "-i", list_, log_});
  ASSERT_EQ(brief.exit_code, 0) << brief.out;
  EXPECT_NE(brief.out.find("INDICATOR"), std::string::npos) << brief.out;
  EXPECT_EQ(brief.out.find("FILE"), std::string::npos) << brief.out;
  EXPECT_NE(brief.out.find("liaison: 2 hits on 2 lines"), std::string::npos) << brief.out;
}

TEST_F(SweepCli, ThroughAPipeJsonLinesAndNoBar) {
  auto r = run({liaison_bin(), "sweep", "-i", list_, "-i", domains_, log_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("\x1b"), std::string::npos) << "no bar when stderr is not a terminal";
  std::vector<json::object> hits;
  size_t start = 0;
  for (size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1) {
    hits.push_back(json::parse(r.out.substr(start, nl - start)).as_object());
  }
  ASSERT_EQ(hits.size(), 3u) << r.out;
  EXPECT_EQ(hits[0].at("line").as_int64(), 780);
  EXPECT_EQ(hits[0].at("field").as_string(), "id.resp_h");
  EXPECT_EQ(hits[0].at("indicator").as_string(), "192.0.2.1");
  EXPECT_EQ(hits[1].at("field").as_string(), "query");
  EXPECT_EQ(hits[1].at("type").as_string(), "domain");
  EXPECT_EQ(hits[2].at("indicator").as_string(), "198.51.100.0/24");
  // --format text names nothing; --output table is a table even through a pipe.
  auto text = run({liaison_bin(), "sweep", "--format", "text", "-i", list_, log_});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  std::istringstream text_lines(text.out);
  size_t unnamed = 0;
  for (std::string l; std::getline(text_lines, l); ++unnamed) {
    const json::object hit = json::parse(l).as_object();
    EXPECT_FALSE(hit.contains("field")) << l;
    EXPECT_TRUE(hit.contains("indicator")) << l;
  }
  EXPECT_EQ(unnamed, 2u) << text.out;
  auto table = run({liaison_bin(), "sweep", "-o", "table", "-i", list_, log_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("INDICATOR", 0), 0u) << table.out;
  EXPECT_EQ(table.out.find("FILE"), std::string::npos) << table.out;
  auto rows = run({liaison_bin(), "sweep", "-o", "table", "--rows", "-i", list_, log_});
  ASSERT_EQ(rows.exit_code, 0) << rows.err;
  EXPECT_NE(rows.out.find("\n\nFILE"), std::string::npos) << rows.out;
  // Every -i is one list; everything after them is a log (both files swept, counted).
  auto two = run({liaison_bin(), "sweep", "--count", "-i", list_, "-i", domains_, log_, log_});
  EXPECT_EQ(two.out, "6\n") << two.err;
  // A list can come through a pipe (it has no size to read up front).
  auto piped = run({"/bin/sh", "-c",
                    "printf '# one\\n192.0.2.1\\n' | '" + liaison_bin() +
                        "' sweep --count -i /dev/stdin '" + log_ + "'"});
  EXPECT_EQ(piped.out, "1\n") << piped.err;
}

TEST_F(SweepCli, ASavedIndexIsUsedForTheSameListsAndRebuiltOtherwise) {
  const std::string idx = (dir_ / "lists.idx").string();
  auto save = run({liaison_bin(), "sweep", "--save-index", idx, "-i", list_, "-i", domains_});
  ASSERT_EQ(save.exit_code, 0) << save.err;
  EXPECT_NE(save.err.find("saved the index of 3 indicators"), std::string::npos) << save.err;
  auto used =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(used.out, "3\n") << used.err;
  EXPECT_EQ(used.err, "") << "used as saved, nothing rebuilt";
  auto alone = run({liaison_bin(), "sweep", "--count", "--index", idx, log_});
  EXPECT_EQ(alone.out, "3\n") << alone.err;
  // The lists in another order are other lists (the ids differ): rebuilt and saved again.
  auto reordered =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", domains_, "-i", list_, log_});
  EXPECT_EQ(reordered.out, "3\n") << reordered.err;
  EXPECT_NE(reordered.err.find("built from other lists"), std::string::npos) << reordered.err;
  // A list edited: no stale hit from the saved index.
  std::ofstream(list_) << "198.51.100.0/24\n";
  auto edited =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(edited.out, "2\n") << edited.err;
  EXPECT_NE(edited.err.find("built from other lists"), std::string::npos) << edited.err;
  auto again =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(again.out, "2\n") << again.err;
  EXPECT_EQ(again.err, "") << "the rebuilt index was saved";
  // A list rewritten to the same size with its time set back: the lists' bytes are what is
  // compared, not their size and time, so it is rebuilt all the same.
  const auto when = std::filesystem::last_write_time(domains_);
  std::ofstream(domains_, std::ios::trunc) << "live.example\n";
  std::filesystem::last_write_time(domains_, when);
  auto same_size =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(same_size.out, "1\n") << same_size.err;
  EXPECT_NE(same_size.err.find("built from other lists"), std::string::npos) << same_size.err;
  std::ofstream(domains_, std::ios::trunc) << "evil.example\n";
  auto back =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(back.out, "2\n") << back.err;
  // A damaged file: rebuilt from the lists, refused without them.
  std::string bytes;
  {
    std::ifstream in(idx, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 1);
  std::ofstream(idx, std::ios::binary | std::ios::trunc) << bytes;
  auto refused = run({liaison_bin(), "sweep", "--count", "--index", idx, log_});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("checksum"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out, "");
  auto rebuilt =
      run({liaison_bin(), "sweep", "--count", "--index", idx, "-i", list_, "-i", domains_, log_});
  EXPECT_EQ(rebuilt.out, "2\n") << rebuilt.err;
  EXPECT_NE(rebuilt.err.find("checksum"), std::string::npos) << rebuilt.err;
  // --save-index needs lists; --index and --save-index together are refused.
  EXPECT_NE(run({liaison_bin(), "sweep", "--save-index", idx}).exit_code, 0);
  EXPECT_NE(run({liaison_bin(), "sweep", "--save-index", idx, "--index", idx, "-i", list_, log_})
                .exit_code,
            0);
}

// The pieces of the terminal output on their own.
TEST(SweepOutput, BarFramesSizesAndTableColumns) {
  using cli::ProgressBar;
  // A frame takes at most width - 1 columns (a wrapped bar cannot be erased with one \r):
  // the bar shrinks to leave the label whole, and a label too long for any bar keeps its end
  // (the file's name) after "…".
  EXPECT_EQ(ProgressBar::render(2'000'000'000, 2'000'000'000, 2.0, "conn.log", 80),
            "[" + std::string(31, '#') + "]  100%  2.00 GB / 2.00 GB  1.00 GB/s  conn.log");
  EXPECT_EQ(
      ProgressBar::render(500, 1000, 1.0, "x", 60),
      "[" + std::string(12, '#') + std::string(13, '.') + "]   50%  500 B / 1 kB  500 B/s  x");
  EXPECT_EQ(ProgressBar::render(1, 2, 1.0, "/tmp/" + std::string(200, 'd') + "/conn.log", 50),
            "[#####.....]   50%  1 B / 2 B  1 B/s  \u2026d/conn.log");
  EXPECT_EQ(ProgressBar::render(1, 2, 1.0, std::string(200, 'f'), 40),
            "[#####.....]   50%  1 B / 2 B  1 B/s  \u2026");
  EXPECT_EQ(ProgressBar::render(1500, 0, 1.0, "/var/log/zeek/conn.log", 30),
            "2 kB  2 kB/s  \u2026/zeek/conn.log");
  // No total (a pipe): no bar, no share.
  EXPECT_EQ(ProgressBar::render(1500, 0, 1.0, "-", 80), "2 kB  2 kB/s  -");
  // Rows: the field column only when some row has a field, the set column only with sets,
  // a long value cut with "…".
  std::ostringstream plain;
  cli::print_table(plain, {{"a.log", 7, "", std::string(60, 'v'), "ipv4", "192.0.2.1", ""}});
  EXPECT_EQ(plain.str().substr(0, plain.str().find('\n')),
            "FILE   LINE  TYPE  " + std::string("VALUE") + std::string(43, ' ') + "  INDICATOR");
  EXPECT_NE(plain.str().find(std::string(47, 'v') + "…"), std::string::npos) << plain.str();
  std::ostringstream named;
  cli::print_table(named, {{"a.log", 7, "query", "x.evil.com", "domain", "evil.com", "set-1"}});
  EXPECT_EQ(named.str(),
            "FILE   LINE  FIELD  TYPE    VALUE       INDICATOR  SET\n"
            "a.log     7  query  domain  x.evil.com  evil.com   set-1\n");
}

// Chinese file names: a Han character takes two columns on a terminal, and nothing is cut
// inside a character.
TEST(SweepOutput, WideCharactersTakeTwoColumnsAndAreNeverCutInHalf) {
  using cli::ProgressBar;
  EXPECT_EQ(cli::display_width("日志.log"), 8u);
  EXPECT_EQ(cli::display_width("\xef\xbd\x81"), 2u);  // fullwidth 'a'
  EXPECT_EQ(cli::display_width("caf\xc3\xa9"), 4u);
  EXPECT_EQ(cli::display_width("\xff\xe6\x97"), 3u);  // broken bytes count one each
  // "连接.log" takes as many columns as "conn.log": the same bar.
  EXPECT_EQ(ProgressBar::render(2'000'000'000, 2'000'000'000, 2.0, "连接.log", 80),
            "[" + std::string(31, '#') + "]  100%  2.00 GB / 2.00 GB  1.00 GB/s  连接.log");
  // Seven columns left: "…" and six of the end; six left: '志' (two) does not fit in the
  // five after "…" and is left out whole (the bar takes the column it leaves).
  EXPECT_EQ(ProgressBar::render(1, 2, 1.0, "a日志.log", 46),
            "[#####.....]   50%  1 B / 2 B  1 B/s  \u2026志.log");
  EXPECT_EQ(ProgressBar::render(1, 2, 1.0, "a日志.log", 45),
            "[#####......]   50%  1 B / 2 B  1 B/s  \u2026.log");
  std::ostringstream table;
  cli::print_table(table, {{"日志.log", 7, "", "192.0.2.1", "ipv4", "192.0.2.1", ""},
                           {"a.log", 12, "", std::string(30, ' ') + "连接记录连接记录连接记录",
                            "domain", "x", ""}});
  const std::string cut = std::string(30, ' ') + "连接记录连接记录" + "\u2026";  // 46 + 1 columns
  EXPECT_EQ(table.str(), "FILE      LINE  TYPE    VALUE" + std::string(47 - 5, ' ') +
                             "  INDICATOR\n" + "日志.log     7  ipv4    192.0.2.1" +
                             std::string(47 - 9, ' ') + "  192.0.2.1\n" +
                             "a.log       12  domain  " + cut + "  x\n");
}

TEST_F(SweepCli, BadOptionsAreUsageErrorsNamingTheOption) {
  auto format = run({liaison_bin(), "sweep", "--format", "xml", "-i", list_, log_});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
  auto output = run({liaison_bin(), "sweep", "--output", "pdf", "-i", list_, log_});
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_NE(output.err.find("--output"), std::string::npos) << output.err;
  auto missing = run({liaison_bin(), "sweep", "-i", (dir_ / "nope.txt").string(), log_});
  EXPECT_EQ(missing.exit_code, 4) << missing.err;
  EXPECT_NE(missing.err.find("nope.txt"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace liaison::testing
