// host: the only module that touches the operating system. Everything the tool reads or writes goes
// through these small classes so that tests can point them at a temporary root, fixture files captured
// from real machines, or recording fakes — and so that --root-dir and --dry-run are one decision.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace ks::host {

enum class FileType { Regular, Directory, Socket, Other };

struct FileInfo {
  FileType type;
  mode_t mode;  // permission bits only
  off_t size;
};

// Files of the node, addressed by their absolute path on the node ("/etc/kubernetes/admin.conf") and
// resolved under a root directory ("/" on a real node, a scratch directory for --root-dir and tests).
class Files {
 public:
  explicit Files(std::string root);

  const std::string& root() const { return root_; }
  // The path on this machine where the node path lives.
  std::string resolve(std::string_view node_path) const;

  Result<std::string> read(std::string_view path) const;
  std::optional<FileInfo> stat(std::string_view path) const;
  bool exists(std::string_view path) const { return stat(path).has_value(); }
  Result<std::vector<std::string>> list(std::string_view directory) const;

  // Creates the directory and missing parents; an existing directory keeps its mode.
  Status make_dirs(std::string_view path, mode_t mode) const;
  // Writes through a temporary file in the same directory, fsyncs it, renames it into place and fsyncs
  // the directory: a reader sees the old file or the new one, never a torn one. Missing parent
  // directories are created with mode 0755.
  Status write_atomic(std::string_view path, std::string_view content, mode_t mode) const;
  Status remove(std::string_view path) const;
  // Node paths written so far through this object, in order (for init's --output json).
  std::vector<std::string> written() const;

 private:
  std::string root_;
  mutable std::mutex written_mutex_;
  mutable std::vector<std::string> written_;
};

}  // namespace ks::host
