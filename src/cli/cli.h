// The `liaison` command line: every subcommand, parsed with CLI11. run() is the whole
// program (src/exe/main.cc only calls it), so tests can drive commands in-process.
#pragma once

#include <string>
#include <vector>

namespace liaison::cli {

// Exit codes (documented in `liaison --help` and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the command failed (message on stderr)
inline constexpr int kExitUsage = 2;     // bad flags or arguments
inline constexpr int kExitVerify = 3;    // `verify` found problems
inline constexpr int kExitNotFound = 4;  // a named object does not exist
inline constexpr int kExitConflict = 5;  // already exists / not allowed in this state
inline constexpr int kExitInvalid = 6;   // input failed validation (the field is named)

int run(int argc, char** argv);

}  // namespace liaison::cli
