#include "host/files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>

#include <spdlog/spdlog.h>

#include "base/strings.hpp"

namespace ks::host {

namespace {

std::string errno_text(int error) {
  return std::strerror(error);
}

// "/etc/kubernetes/admin.conf" -> {"/etc/kubernetes", "admin.conf"}; the path is clean.
std::pair<std::string, std::string> split_parent(const std::string& clean) {
  auto slash = clean.find_last_of('/');
  return {slash == 0 ? "/" : clean.substr(0, slash), clean.substr(slash + 1)};
}

std::string type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISREG(mode)) return "a regular file";
  return "not a regular file";
}

std::string size_text(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Status write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return failure("writing " + path, errno_text(errno));
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// The prefix of every temporary file written for `leaf`; a killed run may leave one behind.
std::string temporary_prefix(const std::string& leaf) {
  return "." + leaf + ".tmp";
}

void remove_stale_temporaries(int dir_fd, const std::string& leaf) {
  struct CloseDir {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  int copy = ::dup(dir_fd);
  if (copy < 0) return;
  std::unique_ptr<DIR, CloseDir> dir(::fdopendir(copy));
  if (!dir) {
    ::close(copy);
    return;
  }
  auto prefix = temporary_prefix(leaf);
  std::vector<std::string> stale;
  while (auto* entry = ::readdir(dir.get()))
    if (std::string_view(entry->d_name).starts_with(prefix)) stale.emplace_back(entry->d_name);
  for (const auto& name : stale) ::unlinkat(dir_fd, name.c_str(), 0);
}

// A new temporary file next to `leaf`, created exclusively so that nothing planted there is reused.
Result<std::pair<UniqueFd, std::string>> create_temporary(int dir_fd, const std::string& leaf,
                                                          const std::string& display) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (int attempt = 0; attempt < 100; ++attempt) {
    unsigned char random[8];
    if (::getrandom(random, sizeof random, 0) != sizeof random)
      return failure("creating a temporary file for " + display, errno_text(errno));
    std::string name = temporary_prefix(leaf);
    for (auto byte : random) name += kAlphabet[byte % (sizeof kAlphabet - 1)];
    int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) return std::pair{UniqueFd(fd), name};
    if (errno != EEXIST) return failure("creating a temporary file for " + display, errno_text(errno));
  }
  return failure("creating a temporary file for " + display, "every name tried exists");
}

// Reads a regular file without blocking on anything else (the fd is opened O_NONBLOCK) and without
// taking in more than the limit.
Result<std::string> read_regular_file(int fd, const std::string& display, ReadLimit limit) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failure("reading " + display, errno_text(errno));
  if (!S_ISREG(st.st_mode))
    return conflict("reading " + display, "it is " + type_name(st.st_mode) + ", not a regular file",
                    "replace " + display + " with the file kubestrap expects there, or remove it");
  auto too_large = [&] {
    return conflict(
        "reading " + display,
        "it is larger than " + size_text(limit.bytes) + ", the limit for " + std::string(limit.kind),
        "check that " + display + " is the file you meant");
  };
  if (static_cast<size_t>(st.st_size) > limit.bytes) return too_large();
  std::string content;
  char buffer[16384];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return failure("reading " + display, errno_text(errno));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    // /proc files report size 0: the limit is enforced while reading too.
    if (content.size() > limit.bytes) return too_large();
  }
  return content;
}

}  // namespace

Result<std::string> read_local_file(const std::string& path, ReadLimit limit) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd) return failure("reading " + quote(path), errno_text(errno));
  return read_regular_file(fd.get(), quote(path), limit);
}

Result<std::string> local_absolute_path(const std::string& path) {
  if (path.empty()) return invalid("an empty file path", "expected the path of a file");
  if (path.starts_with('/')) return path;
  std::string directory(4096, '\0');
  if (!::getcwd(directory.data(), directory.size()))
    return failure("finding the working directory for " + quote(path), errno_text(errno),
                   "give an absolute path");
  directory.resize(std::char_traits<char>::length(directory.c_str()));
  return (directory == "/" ? "" : directory) + "/" + path;
}

RootFiles::RootFiles(std::string root, Resolution resolution) : jail_(std::move(root), resolution) {}

std::string RootFiles::resolve(std::string_view node_path) const {
  auto clean = clean_node_path(node_path);
  const auto& root = jail_.root();
  if (root.empty() || root == "/") return clean;
  auto base = root;
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  return clean == "/" ? base : base + clean;
}

Result<std::string> RootFiles::read(std::string_view path, ReadLimit limit) const {
  auto display = resolve(path);
  auto opened = jail_.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (!opened.fd) return failure("reading " + display, errno_text(opened.errno_value));
  return read_regular_file(opened.fd.get(), display, limit);
}

std::optional<FileInfo> RootFiles::stat(std::string_view path) const {
  auto opened = jail_.open(path, O_PATH);
  struct stat st {};
  if (!opened.fd || ::fstat(opened.fd.get(), &st) != 0) return std::nullopt;
  FileType type = S_ISREG(st.st_mode)    ? FileType::Regular
                  : S_ISDIR(st.st_mode)  ? FileType::Directory
                  : S_ISSOCK(st.st_mode) ? FileType::Socket
                                         : FileType::Other;
  auto modified =
      std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
  return FileInfo{type, static_cast<mode_t>(st.st_mode & 07777), st.st_size, modified};
}

Result<std::vector<std::string>> RootFiles::list(std::string_view directory) const {
  struct CloseDir {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  auto fd = KS_TRY(open_directory(clean_node_path(directory), O_RDONLY));
  std::unique_ptr<DIR, CloseDir> dir(::fdopendir(fd.get()));
  if (!dir) return failure("listing " + resolve(directory), errno_text(errno));
  fd.release();  // owned by dir now
  std::vector<std::string> names;
  while (auto* entry = ::readdir(dir.get())) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  std::ranges::sort(names);
  return names;
}

Result<UniqueFd> RootFiles::open_directory(const std::string& path, int flags) const {
  auto opened = jail_.open(path, flags | O_DIRECTORY);
  if (!opened.fd) return failure("opening directory " + resolve(path), errno_text(opened.errno_value));
  return std::move(opened.fd);
}

Status RootFiles::make_root() const {
  const auto& root = jail_.root();
  if (root.empty() || root == "/") return {};
  struct stat st {};
  if (::stat(root.c_str(), &st) == 0) return {};
  // The root itself is the one directory created outside the jail: the user named it.
  for (size_t slash = root.find('/', 1);; slash = root.find('/', slash + 1)) {
    auto partial = root.substr(0, slash);
    if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST)
      return failure("creating the root directory " + root, errno_text(errno));
    if (slash == std::string::npos) return {};
  }
}

Status RootFiles::make_dirs(std::string_view path, mode_t mode) const {
  return make_dirs_following(clean_node_path(path), mode, 0);
}

// A component that exists but is no directory may be a symlink whose target (inside the root) is missing:
// the target is created then, as `mkdir -p` through the link would inside a chroot.
Status RootFiles::make_dirs_following(const std::string& clean, mode_t mode, int links) const {
  if (jail_.open(clean, O_PATH | O_DIRECTORY).fd) return {};
  KS_CHECK(make_root());
  std::string prefix;
  auto parts = split(clean.substr(1), '/');
  for (size_t i = 0; i < parts.size(); ++i) {
    auto parent_path = prefix.empty() ? std::string("/") : prefix;
    prefix += "/" + parts[i];
    if (jail_.open(prefix, O_PATH | O_DIRECTORY).fd) continue;
    auto parent = KS_TRY(open_directory(parent_path, O_PATH));
    // Only the leaf gets the requested mode; parents are ordinary directories.
    mode_t want = i + 1 == parts.size() ? mode : 0755;
    if (::mkdirat(parent.get(), parts[i].c_str(), want) == 0) {
      ::fchmodat(parent.get(), parts[i].c_str(), want, 0);  // not subject to the umask
      continue;
    }
    if (errno != EEXIST) return failure("creating directory " + resolve(prefix), errno_text(errno));
    char target[PATH_MAX];
    ssize_t n = ::readlinkat(parent.get(), parts[i].c_str(), target, sizeof target);
    if (n < 0) return failure("creating directory " + resolve(prefix), "it exists and is not a directory");
    if (links >= 40) return failure("creating directory " + resolve(prefix), errno_text(ELOOP));
    std::string link(target, static_cast<size_t>(n));
    auto target_path = clean_node_path(link.starts_with('/') ? link : parent_path + "/" + link);
    KS_CHECK(make_dirs_following(target_path, want, links + 1));
  }
  return {};
}

Status RootFiles::write_atomic(std::string_view path, std::string_view content, mode_t mode) const {
  auto clean = clean_node_path(path);
  auto display = resolve(clean);
  if (clean == "/") return failure("writing " + display, "the root itself is not a file");
  auto [parent, leaf] = split_parent(clean);
  auto opened = jail_.open(parent, O_RDONLY | O_DIRECTORY);
  if (!opened.fd && opened.errno_value == ENOENT) {
    KS_CHECK(make_dirs(parent, 0755));
    opened = jail_.open(parent, O_RDONLY | O_DIRECTORY);
  }
  if (!opened.fd) return failure("writing " + display, errno_text(opened.errno_value));
  int dir_fd = opened.fd.get();
  remove_stale_temporaries(dir_fd, leaf);
  auto [fd, temp_name] = KS_TRY(create_temporary(dir_fd, leaf, display));
  auto cleanup = [&, &temp_name = temp_name] { ::unlinkat(dir_fd, temp_name.c_str(), 0); };
  if (::fchmod(fd.get(), mode) != 0) {
    cleanup();
    return failure("setting the mode of " + display, errno_text(errno));
  }
  if (auto written = write_all(fd.get(), content, display); !written) {
    cleanup();
    return written;
  }
  if (::fsync(fd.get()) != 0) {
    cleanup();
    return failure("flushing " + display, errno_text(errno));
  }
  fd.reset();
  if (::renameat(dir_fd, temp_name.c_str(), dir_fd, leaf.c_str()) != 0) {
    cleanup();
    return failure("renaming into " + display, errno_text(errno));
  }
  ::fsync(dir_fd);
  spdlog::debug("wrote {} ({} bytes, mode {:o})", display, content.size(), mode);
  {
    std::lock_guard lock(written_mutex_);
    written_.emplace_back(path);
  }
  return {};
}

Status RootFiles::set_mode(std::string_view path, mode_t mode) const {
  auto opened = jail_.open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (!opened.fd || ::fchmod(opened.fd.get(), mode) != 0)
    return failure("changing the mode of " + resolve(path),
                   errno_text(opened.fd ? errno : opened.errno_value));
  return {};
}

Status RootFiles::remove(std::string_view path) const {
  auto clean = clean_node_path(path);
  auto [parent, leaf] = split_parent(clean);
  auto opened = jail_.open(parent, O_PATH | O_DIRECTORY);
  if (!opened.fd) {
    if (opened.errno_value == ENOENT) return {};
    return failure("removing " + resolve(clean), errno_text(opened.errno_value));
  }
  if (::unlinkat(opened.fd.get(), leaf.c_str(), 0) != 0 && errno != ENOENT)
    return failure("removing " + resolve(clean), errno_text(errno));
  return {};
}

Status check_root_directory(const std::string& root) {
  if (root.empty())
    return invalid("the root directory is empty", "an empty root would mean this machine's /",
                   "give a directory, or / to act on this machine");
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return invalid("the root directory " + quote(root), errno_text(errno));
  }
  if (!S_ISDIR(st.st_mode))
    return invalid("the root directory " + quote(root),
                   "it is " + type_name(st.st_mode) + ", not a directory",
                   "give a directory (it is created when missing)");
  return {};
}

std::vector<std::string> RootFiles::written() const {
  std::lock_guard lock(written_mutex_);
  return written_;
}

}  // namespace ks::host
