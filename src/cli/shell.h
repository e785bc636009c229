// What every subcommand group of the command line shares (src/cli/*.cc): the clock, the exit
// code a command sets, the objects that hold each group's options while CLI11 parses, and the
// small helpers for errors, input and the data directory. Include from src/cli/ only (it
// brings CLI11 and Boost.JSON).
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "node/node.h"

namespace liaison::cli {

// One per run(): subcommand callbacks report their exit code in `rc`.
struct Shell {
  explicit Shell(const Clock& c) : clock(c) {}
  const Clock& clock;
  int rc = 0;
  // Keeps a group's option storage alive until the command has run.
  void keep(std::shared_ptr<void> p) { kept_.push_back(std::move(p)); }

 private:
  std::vector<std::shared_ptr<void>> kept_;
};

// The exit code for an error (cli.h), and the message on standard error.
int exit_code_for(const Status& st);
int fail(const Status& st);

// The CLI's own actor: the administrator, named after $USER ("cli:alice").
node::Actor cli_actor();
// One line of standard input, without its line ending.
std::string read_line_stdin();
// A file's bytes, or standard input's for "-".
Result<std::string> read_input(const std::string& path);
Result<boost::json::value> parse_json_text(const std::string& text);
// Prints a JSON document on one line (or the text as it is when it is not JSON).
void print_json(const std::string& text);
// --data/-d (LIAISON_DATA), required.
void add_data_option(CLI::App* app, std::string& data);
// The node in DIR, with every capability (app::open_node).
Result<std::unique_ptr<node::Node>> open_node(const std::string& dir, const Clock& clock);
// The same for a subcommand's callback: the node, or nullptr with the failure printed and
// `rc` set to its exit code.
std::unique_ptr<node::Node> open_node_or_fail(const std::string& dir, const Clock& clock, int& rc);
// A command that prints one JSON answer of a service: opens the node in DIR, runs `fn` on it
// and prints its answer, or prints the failure and sets `rc`.
void print_answer(const std::string& dir, const Clock& clock, int& rc,
                  const std::function<Result<std::string>(node::Node&)>& fn);
// Writes `content` and a newline to PATH through a temporary file and a rename.
Status write_atomic(const std::string& path, const std::string& content);
// A binary file (PDF, XLSX, zip) written whole under a temporary name, then renamed.
Status write_bytes(const std::string& path, const std::string& bytes);

}  // namespace liaison::cli
