// host: the only module that touches the operating system. Everything the tool reads or writes goes
// through these small classes so that tests can point them at a temporary root, fixture files captured
// from real machines, or recording fakes — and so that --root-dir and --dry-run are one decision.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "host/root_jail.hpp"

namespace ks::host {

enum class FileType { Regular, Directory, Socket, Other };

struct FileInfo {
  FileType type;
  mode_t mode;  // permission bits only
  off_t size;
  // When the content last changed (zero where unknown): how long ago another program wrote the file.
  std::chrono::system_clock::time_point modified{};
};

// The most a read takes in, named for the error message ("larger than 4 MiB, the limit for a config file").
struct ReadLimit {
  size_t bytes;
  std::string_view kind;
};
inline constexpr ReadLimit kAnyFileLimit{16u << 20, "a file read by kubestrap"};

// Files of the node, addressed by their absolute path on the node ("/etc/kubernetes/admin.conf"). The
// interface every module writes through, so that tests can use the real files under a temporary root or
// an in-memory fake that records what was done and fails on demand (tests/support/memory_files.hpp).
class Files {
 public:
  virtual ~Files() = default;

  virtual const std::string& root() const = 0;
  // Where the node path lives on this machine, for messages and for tools given a path (the lexical
  // form: symlinks under the root are not followed here).
  virtual std::string resolve(std::string_view node_path) const = 0;

  // Reads a regular file. Anything else (a FIFO, a device, a directory) and anything larger than the limit
  // is refused as conflicting node state without blocking or reading it whole.
  virtual Result<std::string> read(std::string_view path, ReadLimit limit = kAnyFileLimit) const = 0;
  virtual std::optional<FileInfo> stat(std::string_view path) const = 0;
  bool exists(std::string_view path) const { return stat(path).has_value(); }
  virtual Result<std::vector<std::string>> list(std::string_view directory) const = 0;

  // Creates the directory and missing parents; an existing directory keeps its mode.
  virtual Status make_dirs(std::string_view path, mode_t mode) const = 0;
  // Replaces the file all at once: a reader sees the old file or the new one, never a torn one, and a
  // failure leaves the old file (or none) and no temporary behind. Missing parent directories are created
  // with mode 0755.
  virtual Status write_atomic(std::string_view path, std::string_view content, mode_t mode) const = 0;
  virtual Status set_mode(std::string_view path, mode_t mode) const = 0;
  // Removes a file; one already gone is not an error.
  virtual Status remove(std::string_view path) const = 0;
  // Node paths written so far through this object, in order (for init's --output json).
  virtual std::vector<std::string> written() const = 0;
};

// The real files, resolved under a root directory ("/" on a real node, a scratch directory for --root-dir
// and tests). The root is a jail: ".." and symlinks resolve inside it as in a chroot, so no node path —
// from a flag, a config file or a symlink planted under the root — reads or writes a file outside it.
// Writes go through a temporary file in the same directory, fsynced, renamed into place, and the
// directory fsynced; temporary files of the path left by a killed run are removed first.
class RootFiles final : public Files {
 public:
  explicit RootFiles(std::string root, Resolution resolution = RootJail::detect());

  const std::string& root() const override { return jail_.root(); }
  std::string resolve(std::string_view node_path) const override;
  Result<std::string> read(std::string_view path, ReadLimit limit = kAnyFileLimit) const override;
  std::optional<FileInfo> stat(std::string_view path) const override;
  Result<std::vector<std::string>> list(std::string_view directory) const override;
  Status make_dirs(std::string_view path, mode_t mode) const override;
  Status write_atomic(std::string_view path, std::string_view content, mode_t mode) const override;
  Status set_mode(std::string_view path, mode_t mode) const override;
  Status remove(std::string_view path) const override;
  std::vector<std::string> written() const override;

 private:
  Result<UniqueFd> open_directory(const std::string& path, int flags) const;
  Status make_root() const;
  Status make_dirs_following(const std::string& clean, mode_t mode, int links) const;

  RootJail jail_;
  mutable std::mutex written_mutex_;
  mutable std::vector<std::string> written_;
};

// A file of this machine named by the user (--config), relative to the working directory and outside any
// root, read with the same rules as Files::read.
Result<std::string> read_local_file(const std::string& path, ReadLimit limit);
// A path of this machine named by the user (--new-config) as a path under a RootFiles rooted at "/":
// absolute as given, a relative one joined to the working directory.
Result<std::string> local_absolute_path(const std::string& path);

// A directory that can serve as the node's root: not empty (which would silently mean "/"), and a
// directory if it exists (a missing one is created on the first write). Errors are InvalidInput.
Status check_root_directory(const std::string& root);

}  // namespace ks::host
