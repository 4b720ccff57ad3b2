// Test stand-ins for the host seam: a temporary root directory, a network with fixed routes, a process
// runner that records commands, a fixed clock. Tests build a host::Host from them.
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "host/host.hpp"
#include "host/temp_dir.hpp"

namespace ks::testing {

// A fresh directory under $TMPDIR, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() : path_(host::make_temp_dir("kubestrap-test-").value()) {}
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class FakeNetwork : public host::Network {
 public:
  std::vector<host::DefaultRoute> routes = {{"eth0", 0, false}};
  std::vector<host::InterfaceAddress> interface_addresses = {
      {"lo", IpAddress::parse("127.0.0.1").value()}, {"eth0", IpAddress::parse("192.168.1.10").value()}};
  Result<std::vector<host::DefaultRoute>> default_routes() const override { return routes; }
  Result<std::vector<host::InterfaceAddress>> addresses() const override { return interface_addresses; }
};

// Records every command; answers from a table of canned outputs (by the command's text), else with
// `exit_code`. Programs "exist" when listed in `programs`.
class RecordingProcesses : public host::Processes {
 public:
  std::vector<std::string> commands;
  int exit_code = 0;
  std::map<std::string, host::ProcessResult> answers;
  std::map<std::string, std::string> programs;
  Result<host::ProcessResult> run(const host::Command& command) override {
    std::lock_guard lock(mutex_);  // preflight checks run concurrently
    commands.push_back(command.display());
    if (auto it = answers.find(command.display()); it != answers.end()) return it->second;
    return host::ProcessResult{exit_code, "", exit_code ? "simulated failure" : ""};
  }
  std::string find(const std::string& program) const override {
    auto it = programs.find(program);
    return it == programs.end() ? "" : it->second;
  }

 private:
  std::mutex mutex_;
};

class FixedRandom : public host::Random {
 public:
  Status fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = static_cast<uint8_t>(++counter_ * 37);
    return {};
  }

 private:
  uint8_t counter_ = 0;
};

// A whole fake host over a temporary root, with a hostname file so that SystemFiles reads from the root.
struct TestHost {
  explicit TestHost(const std::string& hostname = "cp1")
      : files(root.path()),
        system((write_hostname(hostname), files)),
        network_probe(),
        clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{12}),
        host{files, system, network_probe, processes, clock, random, environment} {}

  TempDir root;
  host::RootFiles files;
  host::SystemFiles system;
  FakeNetwork network_probe;
  RecordingProcesses processes;
  host::FakeClock clock;
  FixedRandom random;  // deterministic tokens; keys come from OpenSSL's own generator
  host::FakeEnvironment environment;
  host::Host host;

 private:
  void write_hostname(const std::string& hostname) {
    host::RootFiles(root.path()).write_atomic("/proc/sys/kernel/hostname", hostname + "\n", 0644).value();
  }
};

// Every regular file under a directory with its content, for "nothing changed" assertions.
inline std::map<std::string, std::string> snapshot(const std::string& directory) {
  std::map<std::string, std::string> files;
  if (!std::filesystem::exists(directory)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    auto content = host::RootFiles("/").read(entry.path().string());
    files[entry.path().string()] = content.value_or("<unreadable>");
  }
  return files;
}

// Everything under `directory`, not following symlinks: each entry's type, mode, and content (a hash for
// files) or link target. Two equal snapshots mean nothing was created, removed, changed or re-moded.
inline std::map<std::string, std::string> tree_snapshot(const std::string& directory) {
  std::map<std::string, std::string> entries;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    struct stat st {};
    ::lstat(entry.path().c_str(), &st);
    std::string description = std::to_string(st.st_mode);
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string content((std::istreambuf_iterator<char>(in)), {});
      description +=
          " " + std::to_string(content.size()) + " " + std::to_string(std::hash<std::string>()(content));
    } else if (S_ISLNK(st.st_mode)) {
      description += " -> " + std::filesystem::read_symlink(entry.path()).string();
    }
    entries[entry.path().string()] = description;
  }
  return entries;
}

inline mode_t mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

}  // namespace ks::testing
