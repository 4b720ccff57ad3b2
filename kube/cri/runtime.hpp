#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace ks::kube::cri {

struct RuntimeVersion {
  std::string name;         // "containerd"
  std::string version;      // "1.6.20~ds1"
  std::string api_version;  // "v1"
};

struct Condition {
  std::string type;  // RuntimeReady, NetworkReady
  bool status = false;
  std::string reason;
  std::string message;
};

struct ImageInfo {
  std::string id;
  std::vector<std::string> tags;
  uint64_t size = 0;
};

// A container runtime spoken to over the CRI v1 API. Every call has a deadline; a runtime that does not
// serve CRI (containerd with the plugin disabled) fails with "unimplemented".
class Runtime {
 public:
  virtual ~Runtime() = default;
  virtual Result<RuntimeVersion> version() = 0;
  virtual Result<std::vector<Condition>> status() = 0;
  // The runtime's cgroup driver ("systemd" or "cgroupfs"), or nullopt when it does not implement
  // RuntimeConfig.
  virtual Result<std::optional<std::string>> cgroup_driver() = 0;
  virtual Result<std::vector<ImageInfo>> list_images() = 0;
  virtual Result<std::optional<ImageInfo>> image_status(const std::string& image) = 0;
  virtual Result<std::string> pull_image(const std::string& image) = 0;
};

// Connects to the runtime at a CRI endpoint ("unix:///run/containerd/containerd.sock"), with the socket
// path resolved under the node's root directory.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual Result<std::unique_ptr<Runtime>> connect(const std::string& endpoint) const = 0;
};

}  // namespace ks::kube::cri
