#pragma once

#include <string>

#include "base/error.hpp"

namespace ks::host {

// Connects to a unix socket and closes the connection: whether something accepts connections there.
Status probe_unix_socket(const std::string& path);

}  // namespace ks::host
