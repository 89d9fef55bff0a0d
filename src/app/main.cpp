// coproduce: the one program. Subcommands: pb (vote counting); serve, demo and
// migrate are wired here as their modules land.
#include <CLI/CLI.hpp>

#include "commission/pb/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"coproduce: a platform on which councils, professionals, residents and community "
               "groups produce public services together"};
  app.require_subcommand(1);
  coproduce::commission::pb::add_pb_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
