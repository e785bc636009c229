// Child processes for the whole-system benchmarks in bench/: start `liaison` commands with
// their output in a log file, wait for them, read files back. Header-only; not thread-safe
// across fork (call from the main thread).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace liaison::bench {

inline std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Starts `args` (args[0] a path) with stdout and stderr in `log`; returns the child's pid.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen(log.c_str(), "w");
    dup2(fileno(f), 1);
    dup2(fileno(f), 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Runs `args` to completion with its output in `log`; returns its exit code (-1: killed).
inline int run_logged(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = spawn(args, log);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace liaison::bench
