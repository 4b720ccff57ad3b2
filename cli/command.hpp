// cli: the command table and one file per command. A command parses its flags, builds the configuration
// and the real host, runs a workflow and turns the outcome into output and an exit code. No cluster
// logic lives here.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ks::cli {

struct Command {
  std::string name;
  std::string summary;
  std::function<int(std::span<char*> args)> run;  // args[0] is the command name
};

const std::vector<Command>& commands();

int run_version(std::span<char*> args);
int run_init(std::span<char*> args);
int run_config(std::span<char*> args);
int run_join(std::span<char*> args);

}  // namespace ks::cli
