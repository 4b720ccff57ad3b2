#include "host/processes.hpp"

#include <spdlog/spdlog.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <boost/process.hpp>

#include <future>

#include "base/duration.hpp"
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
    std::future<int> exit_code;
    boost::asio::io_context io;
    bp::child child(program, bp::args(args), bp::std_in.close(), bp::std_out > out, bp::std_err > err,
                    bp::on_exit(exit_code), io);
    // Both pipes and the exit are waited for in `io`, so the deadline bounds the whole run, including a
    // command that closes its output and hangs, or leaves a background process holding it open.
    io.run_for(command.timeout);
    if (!io.stopped()) {
      // The exit handler runs only inside io.run_for, which also reaps the child: an exit not yet seen
      // means the pid is still ours to kill.
      bool exited = exit_code.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
      if (!exited) {
        ::kill(child.id(), SIGKILL);
        ::waitpid(child.id(), nullptr, 0);
      }
      child.detach();
      auto limit = format_elapsed(command.timeout);
      spdlog::debug("{}: timed out after {}", command.display(), limit);
      return failure("running " + command.display(),
                     exited
                         ? "it exited, but a process it started still held its output after " + limit +
                               " (the command's timeout)"
                         : "it was still running after " + limit + " (the command's timeout) and was killed",
                     "find out why it hangs by running it by hand, then run kubestrap again");
    }
    int code = exit_code.get();
    spdlog::debug("ran {}: exit {}", command.display(), code);
    return ProcessResult{code, out.get(), err.get()};
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
