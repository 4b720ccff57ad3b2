// host::Files in memory, in the manner of ninja's VirtualFileSystem: a map of node paths to files and
// directories, a log of every change (creates, writes with their mode, mode changes, removals), and
// failures on demand — "the next write of this path runs out of space", "its rename fails" — so that what
// callers do when the disk fails is tested without filling a disk.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "host/files.hpp"

namespace ks::testing {

class MemoryFiles final : public host::Files {
 public:
  // The steps a call can fail at. A write is three: creating the temporary file, writing its data, and
  // renaming it over the path.
  enum class Step { Read, MakeDirs, Create, WriteData, Rename, SetMode, Remove };

  // The next `step` on `path` fails with errno `error` (ENOSPC, EIO, EACCES...).
  void fail_next(Step step, const std::string& path, int error);

  const std::string& root() const override { return root_; }
  std::string resolve(std::string_view node_path) const override;
  Result<std::string> read(std::string_view path, host::ReadLimit limit = host::kAnyFileLimit) const override;
  std::optional<host::FileInfo> stat(std::string_view path) const override;
  Result<std::vector<std::string>> list(std::string_view directory) const override;
  Status make_dirs(std::string_view path, mode_t mode) const override;
  Status write_atomic(std::string_view path, std::string_view content, mode_t mode) const override;
  Status set_mode(std::string_view path, mode_t mode) const override;
  Status remove(std::string_view path) const override;
  std::vector<std::string> written() const override;

  // Every change, in order: "mkdir /etc 0755", "write /etc/kubernetes/admin.conf 0600 5613 bytes",
  // "chmod /x 0600", "remove /x".
  std::vector<std::string> log() const;
  // Regular files: path -> content.
  std::map<std::string, std::string> contents() const;

 private:
  struct Entry {
    host::FileType type;
    mode_t mode;
    std::string content;
  };
  struct Failure {
    Step step;
    std::string path;
    int error;
  };
  // Consumes a matching injected failure.
  std::optional<int> failing(Step step, const std::string& path) const;
  Status make_dirs_locked(const std::string& path, mode_t mode) const;

  std::string root_ = "memory:";
  mutable std::mutex mutex_;
  mutable std::map<std::string, Entry> entries_{{"/", {host::FileType::Directory, 0755, {}}}};
  mutable std::vector<Failure> failures_;
  mutable std::vector<std::string> log_, written_;
};

}  // namespace ks::testing
