// A server a test starts (etcd, containerd) found on PATH, with its stderr read line by line until it
// says it is ready — no sleeping — and then drained so that it never blocks on a full pipe. Stopped with
// SIGTERM (then waited for) when the object goes away.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace ks::testing {

class Daemon {
 public:
  // `argv[0]` is looked up on PATH; stdout goes to /dev/null, stderr to the pipe this object reads.
  explicit Daemon(std::vector<std::string> argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::vector<char*> c_argv;
    for (auto& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    int error = posix_spawnp(&pid_, argv[0].c_str(), &actions, nullptr, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (error != 0) {
      ::close(fds[0]);
      throw std::runtime_error("starting " + argv[0] + ": " + std::strerror(error));
    }
    log_ = ::fdopen(fds[0], "r");
  }
  ~Daemon() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (drain_.joinable()) drain_.join();  // the pipe ends with the process
    if (log_) std::fclose(log_);
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Reads stderr until a line contains `needle` (true; the rest is drained in the background) or the
  // process closes it (false). Everything read is in output().
  bool wait_for(const std::string& needle) {
    char* line = nullptr;
    size_t capacity = 0;
    bool found = false;
    while (!found && ::getline(&line, &capacity, log_) >= 0) {
      output_ += line;
      found = output_.find(needle) != std::string::npos;
    }
    std::free(line);
    if (found)
      drain_ = std::thread([log = log_] {
        char buffer[4096];
        while (std::fread(buffer, 1, sizeof buffer, log) > 0) {
        }
      });
    return found;
  }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  FILE* log_ = nullptr;
  std::string output_;
  std::thread drain_;
};

}  // namespace ks::testing
