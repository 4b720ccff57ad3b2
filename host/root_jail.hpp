#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"
#include "host/unique_fd.hpp"

namespace ks::host {

// How a path under the root is resolved. Both treat the root as "/": `..` stops at it, and a symlink inside
// it (absolute or relative) is followed as a chroot would follow it, so no path can name a file outside.
enum class Resolution {
  Kernel,    // openat2(RESOLVE_IN_ROOT), Linux >= 5.6: the kernel resolves atomically
  Portable,  // component by component with O_NOFOLLOW and readlinkat: for kernels without openat2
};

// The node path made canonical: absolute, without ".", "..", empty components or a trailing slash. ".."
// at the top stays at "/" ("/../x" is "/x"), as in a chroot.
std::string clean_node_path(std::string_view path);

// A directory that acts as "/" for every path opened through it.
class RootJail {
 public:
  RootJail(std::string root, Resolution resolution);

  const std::string& root() const { return root_; }

  // Opens a node path with open(2) flags (O_CREAT needs `mode`). Every intermediate symlink resolves inside
  // the root; the last one too unless flags has O_NOFOLLOW. Errors keep errno's text and carry the errno in
  // `errno_value` for callers that branch on it (ENOENT).
  struct Opened {
    UniqueFd fd;
    int errno_value = 0;
  };
  Opened open(std::string_view node_path, int flags, mode_t mode = 0) const;

  // The best Resolution this kernel offers (Kernel when openat2 works).
  static Resolution detect();

 private:
  Opened open_kernel(int root_fd, const std::string& relative, int flags, mode_t mode) const;
  Opened open_portable(int root_fd, const std::string& relative, int flags, mode_t mode) const;

  std::string root_;
  Resolution resolution_;
};

}  // namespace ks::host
