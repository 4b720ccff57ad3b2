#include <spdlog/spdlog.h>

#include <cstring>
#include <iostream>

#include "base/strings.hpp"
#include "base/utf8.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace ks::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"init", "Turn this machine into the first control-plane node of a new cluster", run_init},
      {"join", "Check this machine before it joins a cluster (join phase preflight)", run_join},
      {"config", "List and pull the images a node needs", run_config},
      {"version", "Print the version of kubestrap", run_version},
  };
  return table;
}

namespace {

void usage(std::ostream& out) {
  out << "kubestrap: bring up a Kubernetes cluster on machines you own.\n\nUsage:\n  kubestrap <command> "
         "[flags]\n\n"
         "Commands:\n";
  for (const auto& command : commands())
    out << "  " << command.name << std::string(12 - command.name.size(), ' ') << command.summary << '\n';
  out << "\nRun 'kubestrap <command> --help' for a command's flags.\n";
}

}  // namespace

}  // namespace ks::cli

int main(int argc, char** argv) {
  using namespace ks::cli;
  spdlog::set_level(spdlog::level::warn);
  spdlog::set_pattern("%H:%M:%S.%e %l %v");
  if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help") ||
      !std::strcmp(argv[1], "help")) {
    usage(std::cout);
    return argc < 2 ? 3 : 0;
  }
  for (const auto& command : commands()) {
    if (command.name != argv[1]) continue;
    std::span<char*> args(argv + 1, static_cast<size_t>(argc - 1));
    // Every parser returns errors; an exception reaching here is a bug. Say so, and which command hit it,
    // rather than abort with a core dump.
    auto internal_error = [&](const std::string& what) {
      return report_error(
          ks::Error{ks::ErrorKind::Failure, "internal error in 'kubestrap " + command.name + "'",
                    ks::printable(what, 300), "please report this, with the command line (without secrets)"},
          requested_output(args));
    };
    try {
      return command.run(args);
    } catch (const std::exception& e) {
      return internal_error(e.what());
    } catch (...) {
      return internal_error("an unknown exception");
    }
  }
  std::cerr << "error: unknown command " << ks::quote(argv[1]) << "\n";
  usage(std::cerr);
  return 3;
}
