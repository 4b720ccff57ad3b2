#include "host/files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <spdlog/spdlog.h>

#include "host/unique_fd.hpp"

namespace ks::host {

namespace {

std::string errno_text(int error) {
  return std::strerror(error);
}

std::string parent_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
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

}  // namespace

Files::Files(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string Files::resolve(std::string_view node_path) const {
  if (root_ == "/" || root_.empty()) return std::string(node_path);
  std::string path(node_path);
  if (!path.starts_with('/')) path.insert(path.begin(), '/');
  return root_ + path;
}

Result<std::string> Files::read(std::string_view path) const {
  auto real = resolve(path);
  UniqueFd fd(::open(real.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return failure("reading " + real, errno_text(errno));
  std::string content;
  char buffer[16384];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return failure("reading " + real, errno_text(errno));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
  }
  return content;
}

std::optional<FileInfo> Files::stat(std::string_view path) const {
  struct stat st {};
  if (::stat(resolve(path).c_str(), &st) != 0) return std::nullopt;
  FileType type = S_ISREG(st.st_mode)    ? FileType::Regular
                  : S_ISDIR(st.st_mode)  ? FileType::Directory
                  : S_ISSOCK(st.st_mode) ? FileType::Socket
                                         : FileType::Other;
  return FileInfo{type, static_cast<mode_t>(st.st_mode & 07777), st.st_size};
}

Result<std::vector<std::string>> Files::list(std::string_view directory) const {
  auto real = resolve(directory);
  struct CloseDir {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  std::unique_ptr<DIR, CloseDir> dir(::opendir(real.c_str()));
  if (!dir) return failure("listing " + real, errno_text(errno));
  std::vector<std::string> names;
  while (auto* entry = ::readdir(dir.get())) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  std::ranges::sort(names);
  return names;
}

Status Files::make_dirs(std::string_view path, mode_t mode) const {
  std::string real = resolve(path);
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = real.find('/', pos + 1);
    partial = real.substr(0, pos);
    if (partial.empty()) continue;
    // Only the leaf gets the requested mode; parents are ordinary directories.
    mode_t want = pos == std::string::npos ? mode : 0755;
    if (::mkdir(partial.c_str(), want) == 0) {
      ::chmod(partial.c_str(), want);  // not subject to the umask
    } else if (errno != EEXIST) {
      return failure("creating directory " + partial, errno_text(errno));
    }
  }
  return {};
}

Status Files::write_atomic(std::string_view path, std::string_view content, mode_t mode) const {
  std::string real = resolve(path);
  std::string directory = parent_of(real);
  if (::access(directory.c_str(), F_OK) != 0) {
    auto node_parent = parent_of(std::string(path));
    KS_CHECK(make_dirs(node_parent, 0755));
  }
  std::string temp_path = directory + "/." + real.substr(directory.size() + 1) + ".tmpXXXXXX";
  UniqueFd fd(::mkostemp(temp_path.data(), O_CLOEXEC));
  if (!fd) return failure("creating a temporary file in " + directory, errno_text(errno));
  auto cleanup = [&] { ::unlink(temp_path.c_str()); };
  if (::fchmod(fd.get(), mode) != 0) {
    cleanup();
    return failure("setting the mode of " + real, errno_text(errno));
  }
  if (auto written = write_all(fd.get(), content, real); !written) {
    cleanup();
    return written;
  }
  if (::fsync(fd.get()) != 0) {
    cleanup();
    return failure("flushing " + real, errno_text(errno));
  }
  fd.reset();
  if (::rename(temp_path.c_str(), real.c_str()) != 0) {
    cleanup();
    return failure("renaming into " + real, errno_text(errno));
  }
  UniqueFd dir_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd) ::fsync(dir_fd.get());
  spdlog::debug("wrote {} ({} bytes, mode {:o})", real, content.size(), mode);
  {
    std::lock_guard lock(written_mutex_);
    written_.emplace_back(path);
  }
  return {};
}

Status Files::remove(std::string_view path) const {
  auto real = resolve(path);
  if (::unlink(real.c_str()) != 0 && errno != ENOENT) return failure("removing " + real, errno_text(errno));
  return {};
}

std::vector<std::string> Files::written() const {
  std::lock_guard lock(written_mutex_);
  return written_;
}

}  // namespace ks::host
