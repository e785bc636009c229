#include "cli/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/shell.h"
#include "common/crypto.h"

#ifndef LIAISON_VERSION
#define LIAISON_VERSION "dev"
#endif

namespace liaison::cli {

namespace {

const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 failure; 2 usage error; 3 verify found problems; 4 not found;\n"
    "5 conflict (exists / not allowed in this state); 6 invalid input (the field is named).\n"
    "Options can also be set with an environment variable (shown as ENV), a TOML file\n"
    "given with --config ([command] sections), and for serve in DATA/config.toml; flags win\n"
    "over the environment, which wins over the files.";

}  // namespace

int run(int argc, char** argv) {
  // Everything liaison creates (the database and its -wal/-shm, blobs, keys, exports) is the
  // node user's alone.
  ::umask(077);
  // Log lines go to standard error, so a command's output (--json) is only its output; `serve`
  // logs to standard output (cli/serve.cc).
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "", std::make_shared<spdlog::sinks::stderr_color_sink_mt>()));
  if (!crypto_init()) {
    std::cerr << "liaison: cannot initialise libsodium\n";
    return kExitFailure;
  }
  SystemClock system_clock;
  // Test-only (docs/ARCHITECTURE.md): a test moves this process's time through a file.
  std::optional<OffsetFileClock> test_clock;
  if (const char* f = std::getenv("LIAISON_TEST_CLOCK_OFFSET_FILE"); f != nullptr && *f) {
    test_clock.emplace(f);
  }
  const Clock& clock = test_clock ? static_cast<const Clock&>(*test_clock) : system_clock;
  CLI::App app{
      "liaison: requests for assistance, a three-tier hotline and threat-information "
      "sharing between the cybercrime bodies of two or more countries, on signed, "
      "hash-chained records."};
  app.footer(kExitCodesHelp);
  app.require_subcommand(1);
  app.set_version_flag("--version", LIAISON_VERSION);
  // Any option of any command can also come from a TOML file: [serve] listen = "…".
  app.set_config("--config", "", "Read options from this TOML file ([command] sections)")
      ->envname("LIAISON_CONFIG");
  Shell sh{clock};

  // ---- version
  auto* version = app.add_subcommand("version", "Print the version");
  version->callback([&] { std::cout << "liaison " << LIAISON_VERSION << "\n"; });

  add_init_command(app, sh);
  add_serve_command(app, sh);
  add_party_commands(app, sh);
  add_user_commands(app, sh);
  add_request_commands(app, sh);
  add_identity_command(app, sh);
  add_peer_commands(app, sh);
  add_sweep_command(app, sh);
  add_verify_command(app, sh);
  add_evidence_commands(app, sh);
  add_report_commands(app, sh);
  add_case_commands(app, sh);
  add_demo_command(app, sh);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return sh.rc;
}

}  // namespace liaison::cli
