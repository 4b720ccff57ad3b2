// A child process that can be killed at a chosen moment: spawned in its own process group, so that SIGKILL
// ends it and everything it started at once, as a power cut or an OOM kill would. For the crash safety test.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace ks::testing {

// The binary (`program`, a path) as a child in its own process group, output to a log outside the root.
class Child {
 public:
  using Clock = std::chrono::steady_clock;
  using Millis = std::chrono::duration<double, std::milli>;

  Child(const std::string& program, const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {program};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    started_ = Clock::now();
    int error = posix_spawn(&pid_, argv[0].c_str(), &actions, &attributes, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(error));
  }
  ~Child() {
    if (pid_ > 0) kill_at(Millis(0));
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // SIGKILL to the whole group `delay` after the start (at once if that moment has passed); true when the
  // signal ended it, false when it had already exited.
  bool kill_at(Millis delay) {
    std::this_thread::sleep_until(started_ + std::chrono::duration_cast<Clock::duration>(delay));
    ::kill(-pid_, SIGKILL);
    int status = wait();
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }
  Clock::time_point started() const { return started_; }

 private:
  pid_t pid_ = -1;
  Clock::time_point started_;
};

}  // namespace ks::testing
