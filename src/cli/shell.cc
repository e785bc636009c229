#include "cli/shell.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/compose.h"
#include "cli/cli.h"

namespace liaison::cli {

namespace json = boost::json;

int exit_code_for(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied:
      return kExitConflict;
    case StatusCode::kInvalidArgument:
    case StatusCode::kIncomplete:
    case StatusCode::kTooLarge:
      return kExitInvalid;
    default:
      return kExitFailure;
  }
}

int fail(const Status& st) {
  std::string msg = "liaison: " + st.message();
  if (!st.field().empty()) msg += " (field: " + st.field() + ")";
  if (!st.details().empty()) {
    msg += " [missing:";
    for (const auto& d : st.details()) msg += " " + d;
    msg += "]";
  }
  std::cerr << msg << "\n";
  return exit_code_for(st);
}

namespace {

std::string cli_user() {
  const char* u = std::getenv("USER");
  return std::string("cli:") + (u ? u : "unknown");
}

}  // namespace

node::Actor cli_actor() { return node::Actor{cli_user(), node::Role::kAdministrator, "cli"}; }

// Reads a password from standard input (one line), or generates none.
std::string read_line_stdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

Result<std::string> read_input(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream f(path, std::ios::binary);
    if (!f) return not_found("cannot read " + path, "file");
    ss << f.rdbuf();
  }
  return ss.str();
}

Result<json::value> parse_json_text(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalid_argument("malformed JSON: " + ec.message(), "body");
  return v;
}

void print_json(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  std::cout << (ec ? text : json::serialize(v)) << "\n";
}

void add_data_option(CLI::App* app, std::string& data) {
  app->add_option("--data,-d", data, "Node data directory")->envname("LIAISON_DATA")->required();
}

Result<std::unique_ptr<node::Node>> open_node(const std::string& dir, const Clock& clock) {
  return app::open_node(dir, clock);
}

std::unique_ptr<node::Node> open_node_or_fail(const std::string& dir, const Clock& clock, int& rc) {
  auto node = open_node(dir, clock);
  if (!node.is_ok()) {
    rc = fail(node.status());
    return nullptr;
  }
  return std::move(*node);
}

void print_answer(const std::string& dir, const Clock& clock, int& rc,
                  const std::function<Result<std::string>(node::Node&)>& fn) {
  auto node = open_node_or_fail(dir, clock, rc);
  if (!node) return;
  Result<std::string> r = fn(*node);
  if (!r.is_ok()) {
    rc = fail(r.status());
    return;
  }
  print_json(*r);
}

Status write_atomic(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << content << "\n";
    if (!f) return internal_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return internal_error("cannot write " + path);
  return Status::ok();
}

Status write_bytes(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return internal_error("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return internal_error("cannot write " + path + ": " + ec.message());
  return Status::ok();
}

}  // namespace liaison::cli
