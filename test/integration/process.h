// Running the real `liaison` binary from tests: run to completion with captured output, or
// start in the background and kill. Only for tests.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace liaison::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// In a child process: becomes args[0] with its arguments, or exits 127.
[[noreturn]] inline void exec_args(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

inline pid_t spawn(const std::vector<std::string>& args, const std::string& out_path,
                   const std::string& err_path, const std::string& stdin_text = "") {
  std::string in_path = out_path + ".stdin";
  {
    std::ofstream in(in_path);
    in << stdin_text;
  }
  pid_t pid = fork();
  if (pid == 0) {
    // A test that crashes must not leave nodes running: they die with it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int in = ::open(in_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    exec_args(args);
  }
  return pid;
}

inline RunResult run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::string base = (std::filesystem::temp_directory_path() / "liaison-run-").string() +
                     std::to_string(getpid()) + "-" + std::to_string(rand());
  pid_t pid = spawn(args, base + ".out", base + ".err", stdin_text);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  for (const char* ext : {".out", ".err", ".out.stdin"}) std::filesystem::remove(base + ext);
  return r;
}

// Waits up to `timeout` for `path` to exist and be non-empty; returns its content or "".
inline std::string wait_for_file(const std::string& path, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    std::string s = slurp(path);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    if (!s.empty()) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "";
}

}  // namespace liaison::testing
