#pragma once

#include <map>

#include "kube/cri/runtime.hpp"

namespace ks::testing {

// A container runtime that answers from fields the test sets; `serves_cri = false` behaves like containerd
// with its CRI plugin disabled.
struct FakeRuntimeState {
  bool serves_cri = true;
  bool ready = true;
  std::optional<std::string> cgroup_driver = "systemd";
  std::map<std::string, kube::cri::ImageInfo> images;
  std::vector<std::string> pulled;
};

class FakeRuntime : public kube::cri::Runtime {
 public:
  explicit FakeRuntime(FakeRuntimeState& state) : state_(state) {}
  Result<kube::cri::RuntimeVersion> version() override {
    KS_CHECK(serving());
    return kube::cri::RuntimeVersion{"containerd", "1.7.22", "v1"};
  }
  Result<std::vector<kube::cri::Condition>> status() override {
    KS_CHECK(serving());
    return std::vector<kube::cri::Condition>{
        {"RuntimeReady", state_.ready, state_.ready ? "" : "NotReady", ""}};
  }
  Result<std::optional<std::string>> cgroup_driver() override {
    KS_CHECK(serving());
    return state_.cgroup_driver;
  }
  Result<std::vector<kube::cri::ImageInfo>> list_images() override {
    KS_CHECK(serving());
    std::vector<kube::cri::ImageInfo> out;
    for (const auto& [name, info] : state_.images) out.push_back(info);
    return out;
  }
  Result<std::optional<kube::cri::ImageInfo>> image_status(const std::string& image) override {
    KS_CHECK(serving());
    auto it = state_.images.find(image);
    return it == state_.images.end() ? std::optional<kube::cri::ImageInfo>{} : std::optional(it->second);
  }
  Result<std::string> pull_image(const std::string& image) override {
    KS_CHECK(serving());
    state_.pulled.push_back(image);
    state_.images[image] = {"sha256:" + image, {image}, 1};
    return "sha256:" + image;
  }

 private:
  Status serving() const {
    if (state_.serves_cri) return {};
    return failure("asking the container runtime for its version",
                   "the runtime does not serve the CRI v1 API (unimplemented); is its CRI plugin disabled?");
  }
  FakeRuntimeState& state_;
};

class FakeConnector : public kube::cri::Connector {
 public:
  mutable FakeRuntimeState state;  // connect() is const in the interface; the fake records pulls here
  Result<std::unique_ptr<kube::cri::Runtime>> connect(const std::string&) const override {
    return std::unique_ptr<kube::cri::Runtime>(std::make_unique<FakeRuntime>(state));
  }
};

}  // namespace ks::testing
