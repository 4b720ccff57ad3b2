#include "host/root_jail.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <deque>
#include <vector>

#include "base/strings.hpp"

namespace ks::host {

namespace {

// Linux's own limit on symlinks followed in one lookup.
constexpr int kMaxSymlinks = 40;

std::vector<std::string> components(std::string_view path) {
  std::vector<std::string> parts;
  for (auto& part : split(path, '/'))
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
  return parts;
}

}  // namespace

std::string clean_node_path(std::string_view path) {
  std::vector<std::string> kept;
  for (auto& part : components(path)) {
    if (part == "..") {
      if (!kept.empty()) kept.pop_back();
    } else {
      kept.push_back(std::move(part));
    }
  }
  return "/" + join(kept, "/");
}

RootJail::RootJail(std::string root, Resolution resolution)
    : root_(std::move(root)), resolution_(resolution) {}

Resolution RootJail::detect() {
  static const Resolution best = [] {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT;
    long fd = ::syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof how);
    if (fd < 0) return Resolution::Portable;
    ::close(static_cast<int>(fd));
    return Resolution::Kernel;
  }();
  return best;
}

RootJail::Opened RootJail::open(std::string_view node_path, int flags, mode_t mode) const {
  UniqueFd root_fd(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) return {UniqueFd(), errno};
  auto relative = clean_node_path(node_path).substr(1);
  if (relative.empty()) relative = ".";
  return resolution_ == Resolution::Kernel ? open_kernel(root_fd.get(), relative, flags, mode)
                                           : open_portable(root_fd.get(), relative, flags, mode);
}

RootJail::Opened RootJail::open_kernel(int root_fd, const std::string& relative, int flags,
                                       mode_t mode) const {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  // EAGAIN: a concurrent rename raced a ".." lookup; the kernel asks to retry.
  for (int attempt = 0; attempt < 16; ++attempt) {
    long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
    if (fd >= 0) return {UniqueFd(static_cast<int>(fd)), 0};
    if (errno != EAGAIN && errno != EINTR) break;
  }
  return {UniqueFd(), errno};
}

RootJail::Opened RootJail::open_portable(int root_fd, const std::string& relative, int flags,
                                         mode_t mode) const {
  // Walks the path as the kernel's RESOLVE_IN_ROOT does: `resolved` holds components known not to be
  // symlinks; a symlink's target is spliced into what is left, an absolute one restarting at the root.
  std::vector<std::string> resolved;
  auto pending_parts = components(relative);
  std::deque<std::string> pending(pending_parts.begin(), pending_parts.end());
  bool follow_last = !(flags & O_NOFOLLOW);
  int links = 0;
  while (!pending.empty()) {
    auto name = std::move(pending.front());
    pending.pop_front();
    if (name == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    if (pending.empty() && !follow_last) {
      resolved.push_back(name);
      break;
    }
    auto candidate = resolved.empty() ? name : join(resolved, "/") + "/" + name;
    char target[PATH_MAX];
    ssize_t n = ::readlinkat(root_fd, candidate.c_str(), target, sizeof target);
    if (n < 0) {
      if (errno != EINVAL && errno != ENOENT) return {UniqueFd(), errno};
      resolved.push_back(name);  // not a symlink (or missing: the final open reports it)
      continue;
    }
    if (++links > kMaxSymlinks) return {UniqueFd(), ELOOP};
    std::string_view link(target, static_cast<size_t>(n));
    if (link.starts_with('/')) resolved.clear();
    auto parts = components(link);
    pending.insert(pending.begin(), parts.begin(), parts.end());
  }
  auto path = resolved.empty() ? std::string(".") : join(resolved, "/");
  // O_NOFOLLOW: a component checked above that became a symlink since fails instead of escaping.
  int fd = ::openat(root_fd, path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return {UniqueFd(), errno};
  return {UniqueFd(fd), 0};
}

}  // namespace ks::host
