#include "host/system_files.hpp"

namespace ks::host {

namespace {
bool root_has_kernel_files(const Files& files) {
  return files.root() != "/" && (files.exists("/proc") || files.exists("/sys"));
}
}  // namespace

SystemFiles::SystemFiles(const Files& node_files)
    : files_(&node_files), from_root_(root_has_kernel_files(node_files)) {
  if (!from_root_) files_ = &machine_.emplace("/");
}

Result<std::string> SystemFiles::read(std::string_view path) const {
  return files_->read(path);
}

bool SystemFiles::exists(std::string_view path) const {
  return files_->exists(path);
}

}  // namespace ks::host
