#include "kube/cri/grpc_runtime.hpp"

#include <grpcpp/grpcpp.h>

#include "api.grpc.pb.h"

namespace ks::kube::cri {

namespace {

std::string describe(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNIMPLEMENTED:
      return "the runtime does not serve the CRI v1 API (unimplemented); is its CRI plugin disabled?";
    case grpc::StatusCode::UNAVAILABLE:
      return "the runtime is not reachable: " + status.error_message();
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "the runtime did not answer in time";
    default:
      return status.error_message();
  }
}

std::string fix_for(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE)
    return "start the container runtime (systemctl enable --now containerd) or pass --cri-socket";
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED)
    return "enable the runtime's CRI plugin (for containerd: remove \"cri\" from disabled_plugins in "
           "/etc/containerd/config.toml) and restart it";
  return {};
}

class GrpcRuntime : public Runtime {
 public:
  GrpcRuntime(std::shared_ptr<grpc::Channel> channel, std::string endpoint, const host::Clock& clock,
              std::chrono::milliseconds deadline)
      : clock_(clock),
        runtime_(runtime::v1::RuntimeService::NewStub(channel)),
        images_(runtime::v1::ImageService::NewStub(channel)),
        endpoint_(std::move(endpoint)),
        deadline_(deadline) {}

  Result<RuntimeVersion> version() override {
    runtime::v1::VersionRequest request;
    request.set_version("v1");
    runtime::v1::VersionResponse response;
    auto context = make_context();
    if (auto status = runtime_->Version(context.get(), request, &response); !status.ok())
      return failure("asking the container runtime at " + endpoint_ + " for its version", describe(status),
                     fix_for(status));
    return RuntimeVersion{response.runtime_name(), response.runtime_version(),
                          response.runtime_api_version()};
  }

  Result<std::vector<Condition>> status() override {
    runtime::v1::StatusResponse response;
    auto context = make_context();
    if (auto status = runtime_->Status(context.get(), {}, &response); !status.ok())
      return failure("asking the container runtime at " + endpoint_ + " for its status", describe(status),
                     fix_for(status));
    std::vector<Condition> conditions;
    for (const auto& c : response.status().conditions())
      conditions.push_back({c.type(), c.status(), c.reason(), c.message()});
    return conditions;
  }

  Result<std::optional<std::string>> cgroup_driver() override {
    runtime::v1::RuntimeConfigResponse response;
    auto context = make_context();
    auto status = runtime_->RuntimeConfig(context.get(), {}, &response);
    if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) return std::optional<std::string>{};
    if (!status.ok())
      return failure("asking the container runtime at " + endpoint_ + " for its configuration",
                     describe(status), fix_for(status));
    return std::optional<std::string>(response.linux().cgroup_driver() == runtime::v1::CGROUPFS ? "cgroupfs"
                                                                                                : "systemd");
  }

  Result<std::vector<ImageInfo>> list_images() override {
    runtime::v1::ListImagesResponse response;
    auto context = make_context();
    if (auto status = images_->ListImages(context.get(), {}, &response); !status.ok())
      return failure("listing the images of the container runtime at " + endpoint_, describe(status),
                     fix_for(status));
    std::vector<ImageInfo> images;
    for (const auto& image : response.images()) images.push_back(convert(image));
    return images;
  }

  Result<std::optional<ImageInfo>> image_status(const std::string& image) override {
    runtime::v1::ImageStatusRequest request;
    request.mutable_image()->set_image(image);
    runtime::v1::ImageStatusResponse response;
    auto context = make_context();
    if (auto status = images_->ImageStatus(context.get(), request, &response); !status.ok())
      return failure("asking the container runtime at " + endpoint_ + " about " + image, describe(status),
                     fix_for(status));
    if (!response.has_image() || response.image().id().empty()) return std::optional<ImageInfo>{};
    return std::optional<ImageInfo>(convert(response.image()));
  }

  Result<std::string> pull_image(const std::string& image) override {
    runtime::v1::PullImageRequest request;
    request.mutable_image()->set_image(image);
    runtime::v1::PullImageResponse response;
    grpc::ClientContext context;  // pulls take as long as the registry needs; no short deadline
    context.set_deadline(clock_.now() + std::chrono::minutes(10));
    if (auto status = images_->PullImage(&context, request, &response); !status.ok())
      return failure("pulling " + image, describe(status), fix_for(status));
    return response.image_ref();
  }

 private:
  std::unique_ptr<grpc::ClientContext> make_context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(clock_.now() + deadline_);
    return context;
  }
  static ImageInfo convert(const runtime::v1::Image& image) {
    return {image.id(), {image.repo_tags().begin(), image.repo_tags().end()}, image.size()};
  }

  const host::Clock& clock_;
  std::unique_ptr<runtime::v1::RuntimeService::Stub> runtime_;
  std::unique_ptr<runtime::v1::ImageService::Stub> images_;
  std::string endpoint_;
  std::chrono::milliseconds deadline_;
};

}  // namespace

Result<std::unique_ptr<Runtime>> GrpcConnector::connect(const std::string& endpoint) const {
  if (!endpoint.starts_with("unix://"))
    return invalid("unsupported CRI endpoint " + endpoint, "kubestrap speaks CRI over unix sockets",
                   "use unix:///path/to/socket");
  auto socket = files_.resolve(endpoint.substr(std::string("unix://").size()));
  auto channel = grpc::CreateChannel("unix://" + socket, grpc::InsecureChannelCredentials());
  return std::unique_ptr<Runtime>(std::make_unique<GrpcRuntime>(channel, endpoint, clock_, deadline_));
}

}  // namespace ks::kube::cri
