// The only code tests do not link: hands the command line to liaison::cli::run.
#include "cli/cli.h"

int main(int argc, char** argv) { return liaison::cli::run(argc, argv); }
