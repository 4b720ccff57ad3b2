#include "tests/support/memory_files.hpp"

#include <fmt/format.h>

#include <cstring>

#include "host/root_jail.hpp"

namespace ks::testing {

namespace {

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string why(int error) {
  return std::strerror(error);
}

}  // namespace

void MemoryFiles::fail_next(Step step, const std::string& path, int error) {
  std::lock_guard lock(mutex_);
  failures_.push_back({step, host::clean_node_path(path), error});
}

std::optional<int> MemoryFiles::failing(Step step, const std::string& path) const {
  for (auto it = failures_.begin(); it != failures_.end(); ++it)
    if (it->step == step && it->path == path) {
      int error = it->error;
      failures_.erase(it);
      return error;
    }
  return std::nullopt;
}

std::string MemoryFiles::resolve(std::string_view node_path) const {
  return root_ + host::clean_node_path(node_path);
}

Result<std::string> MemoryFiles::read(std::string_view node_path, host::ReadLimit limit) const {
  std::lock_guard lock(mutex_);
  auto path = host::clean_node_path(node_path);
  if (auto error = failing(Step::Read, path)) return failure("reading " + resolve(path), why(*error));
  auto it = entries_.find(path);
  if (it == entries_.end()) return failure("reading " + resolve(path), why(ENOENT));
  if (it->second.type != host::FileType::Regular)
    return conflict("reading " + resolve(path), "it is not a regular file");
  if (it->second.content.size() > limit.bytes)
    return conflict("reading " + resolve(path),
                    fmt::format("larger than {} bytes, the limit for {}", limit.bytes, limit.kind));
  return it->second.content;
}

std::optional<host::FileInfo> MemoryFiles::stat(std::string_view node_path) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(host::clean_node_path(node_path));
  if (it == entries_.end()) return std::nullopt;
  return host::FileInfo{it->second.type, it->second.mode, static_cast<off_t>(it->second.content.size())};
}

Result<std::vector<std::string>> MemoryFiles::list(std::string_view node_path) const {
  std::lock_guard lock(mutex_);
  auto path = host::clean_node_path(node_path);
  auto it = entries_.find(path);
  if (it == entries_.end() || it->second.type != host::FileType::Directory)
    return failure("listing " + resolve(path), why(it == entries_.end() ? ENOENT : ENOTDIR));
  std::vector<std::string> names;
  auto prefix = path == "/" ? path : path + "/";
  for (const auto& [entry, _] : entries_)
    if (entry.size() > prefix.size() && entry.starts_with(prefix) &&
        entry.find('/', prefix.size()) == std::string::npos)
      names.push_back(entry.substr(prefix.size()));
  return names;
}

Status MemoryFiles::make_dirs_locked(const std::string& path, mode_t mode) const {
  auto it = entries_.find(path);
  if (it != entries_.end()) {
    if (it->second.type == host::FileType::Directory) return {};
    return failure("creating directory " + resolve(path), why(EEXIST));
  }
  KS_CHECK(make_dirs_locked(parent_of(path), mode));
  if (auto error = failing(Step::MakeDirs, path))
    return failure("creating directory " + resolve(path), why(*error));
  entries_[path] = {host::FileType::Directory, mode, {}};
  log_.push_back(fmt::format("mkdir {} {:04o}", path, mode));
  return {};
}

Status MemoryFiles::make_dirs(std::string_view node_path, mode_t mode) const {
  std::lock_guard lock(mutex_);
  return make_dirs_locked(host::clean_node_path(node_path), mode);
}

Status MemoryFiles::write_atomic(std::string_view node_path, std::string_view content, mode_t mode) const {
  std::lock_guard lock(mutex_);
  auto path = host::clean_node_path(node_path);
  if (path == "/") return failure("writing " + resolve(path), "the root itself is not a file");
  KS_CHECK(make_dirs_locked(parent_of(path), 0755));
  // Each step fails as the real one does: before the rename, the old file (or none) is all there is.
  if (auto error = failing(Step::Create, path))
    return failure("creating a temporary file for " + resolve(path), why(*error));
  if (auto error = failing(Step::WriteData, path)) return failure("writing " + resolve(path), why(*error));
  if (auto error = failing(Step::Rename, path)) return failure("renaming into " + resolve(path), why(*error));
  if (auto it = entries_.find(path); it != entries_.end() && it->second.type == host::FileType::Directory)
    return failure("renaming into " + resolve(path), why(EISDIR));
  entries_[path] = {host::FileType::Regular, mode, std::string(content)};
  log_.push_back(fmt::format("write {} {:04o} {} bytes", path, mode, content.size()));
  written_.push_back(std::string(node_path));
  return {};
}

Status MemoryFiles::set_mode(std::string_view node_path, mode_t mode) const {
  std::lock_guard lock(mutex_);
  auto path = host::clean_node_path(node_path);
  if (auto error = failing(Step::SetMode, path))
    return failure("changing the mode of " + resolve(path), why(*error));
  auto it = entries_.find(path);
  if (it == entries_.end()) return failure("changing the mode of " + resolve(path), why(ENOENT));
  it->second.mode = mode;
  log_.push_back(fmt::format("chmod {} {:04o}", path, mode));
  return {};
}

Status MemoryFiles::remove(std::string_view node_path) const {
  std::lock_guard lock(mutex_);
  auto path = host::clean_node_path(node_path);
  if (auto error = failing(Step::Remove, path)) return failure("removing " + resolve(path), why(*error));
  auto it = entries_.find(path);
  if (it == entries_.end()) return {};
  if (it->second.type == host::FileType::Directory) return failure("removing " + resolve(path), why(EISDIR));
  entries_.erase(it);
  log_.push_back("remove " + path);
  return {};
}

std::vector<std::string> MemoryFiles::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}

std::vector<std::string> MemoryFiles::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

std::map<std::string, std::string> MemoryFiles::contents() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::string> files;
  for (const auto& [path, entry] : entries_)
    if (entry.type == host::FileType::Regular) files[path] = entry.content;
  return files;
}

}  // namespace ks::testing
