#include "join/kubelet_bootstrap_wait.hpp"

#include "base/duration.hpp"
#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "config/constants.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::joining {

namespace {

const std::string kBootstrapFix =
    "look at the kubelet's log ('journalctl -xeu kubelet'): it sends a certificate signing request with the "
    "bootstrap token; on the control plane, 'kubectl get csr' shows whether it came and was approved";

// A client with kubelet.conf's credential and the identity the API server gives it, once it gives one;
// otherwise why not yet.
struct Identity {
  std::string user;
  std::unique_ptr<kube::Api> api;
};
std::expected<Identity, std::string> identity(const std::string& path, const host::Files& files,
                                              kube::ApiFactory& factory) {
  auto text = files.read(path, constants::kKubeconfigLimit);
  if (!text) return std::unexpected(path + " does not exist yet");
  auto kubeconfig = kube::parse_kubeconfig(*text);
  if (!kubeconfig) return std::unexpected(path + " cannot be read: " + kubeconfig.error().message());
  for (auto [file, pem] :
       {std::pair{&kubeconfig->client_certificate_file, &kubeconfig->client_certificate_pem},
        {&kubeconfig->client_key_file, &kubeconfig->client_key_pem}}) {
    if (file->empty()) continue;
    auto content = files.read(*file, constants::kPemFileLimit);
    if (!content) return std::unexpected(*file + " (named by " + path + ") cannot be read yet");
    *pem = std::move(*content);
  }
  auto api = factory.connect(*kubeconfig);
  if (!api) return std::unexpected(api.error().message());
  auto review = (*api)->request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                {{"apiVersion", "authentication.k8s.io/v1"},
                                 {"kind", "SelfSubjectReview"},
                                 {"metadata", nlohmann::json::object()}});
  if (!review) return std::unexpected("the API server did not answer: " + review.error().why);
  if (!review->ok())
    return std::unexpected("the API server refused its credential (" + std::to_string(review->status) + " " +
                           review->message.substr(0, 200) + ")");
  return Identity{string_member(member(member(review->body, "status"), "userInfo"), "username"),
                  std::move(*api)};
}

}  // namespace

Result<BootstrappedKubelet> wait_for_kubelet_bootstrap(const KubeletBootstrapWait& wait,
                                                       const host::Files& files, kube::ApiFactory& factory,
                                                       host::Clock& clock) {
  auto expected = std::string(constants::kNodeUserPrefix) + wait.node_name;
  wait.say("Waiting for the kubelet to finish its TLS bootstrap (" + wait.kubeconfig_path +
           "). This can take up to " + format_go_duration(wait.timeout));
  auto start = clock.monotonic();
  std::string last;
  while (true) {
    auto user = identity(wait.kubeconfig_path, files, factory);
    if (user && user->user == expected) {
      BootstrappedKubelet done{user->user, {}, clock.monotonic() - start, std::move(user->api)};
      if (auto info = files.stat(wait.kubeconfig_path); info && info->modified.time_since_epoch().count() > 0)
        done.noticed_after = std::max(std::chrono::nanoseconds{0}, clock.now() - info->modified);
      wait.say("The kubelet has its client certificate: the API server knows it as " + done.user +
               " (after " +
               format_go_duration(std::chrono::duration_cast<std::chrono::milliseconds>(done.waited)) + ")");
      return done;
    }
    if (user)
      return failure(
          "the kubelet's TLS bootstrap",
          "the API server knows its new credential as " + quote(user->user) + ", not " + quote(expected),
          "the kubelet registered under another name: check --hostname-override in "
          "/var/lib/kubelet/kubeadm-flags.env and the node name given to join");
    last = user.error();
    if (clock.monotonic() - start + wait.interval > wait.timeout)
      return failure("the kubelet's TLS bootstrap",
                     last + " (still, after " + format_go_duration(wait.timeout) + ")", kBootstrapFix);
    clock.sleep_for(wait.interval);
  }
}

}  // namespace ks::joining
