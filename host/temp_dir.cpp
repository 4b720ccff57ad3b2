#include "host/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ks::host {

Result<std::string> make_temp_dir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  if (!::mkdtemp(pattern.data())) return failure("creating a temporary directory", std::strerror(errno));
  return pattern;
}

}  // namespace ks::host
