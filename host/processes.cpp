#include "host/processes.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>
#include <boost/process.hpp>

#include <future>

#include "base/strings.hpp"

namespace bp = boost::process;

namespace ks::host {

std::string Command::display() const {
  std::vector<std::string> words;
  for (const auto& arg : argv)
    words.push_back(arg.find_first_of(" \t\"'$") == std::string::npos ? arg : quote(arg));
  return join(words, " ");
}

Result<ProcessResult> SystemProcesses::run(const Command& command) {
  if (command.argv.empty()) return failure("running a command", "no program given");
  auto program = command.argv[0].find('/') == std::string::npos ? bp::search_path(command.argv[0])
                                                                : boost::filesystem::path(command.argv[0]);
  if (program.empty())
    return failure("running " + command.display(), quote(command.argv[0]) + " was not found in PATH");
  std::vector<std::string> args(command.argv.begin() + 1, command.argv.end());
  try {
    std::future<std::string> out, err;
    boost::asio::io_context io;
    bp::child child(program, bp::args(args), bp::std_in.close(), bp::std_out > out, bp::std_err > err, io);
    io.run();
    child.wait();
    spdlog::debug("ran {}: exit {}", command.display(), child.exit_code());
    return ProcessResult{child.exit_code(), out.get(), err.get()};
  } catch (const std::exception& e) {
    return failure("running " + command.display(), e.what());
  }
}

std::string Processes::find(const std::string& program) const {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? program : "";
  return bp::search_path(program).string();
}

Result<ProcessResult> DryRunProcesses::run(const Command& command) {
  if (command.read_only) return real_.run(command);
  print_("Would run: " + command.display());
  return ProcessResult{};
}

}  // namespace ks::host
