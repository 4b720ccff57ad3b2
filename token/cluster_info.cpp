#include "token/cluster_info.hpp"

#include <nlohmann/json.hpp>

#include "config/constants.hpp"
#include "kube/objects.hpp"

namespace ks::token {

std::vector<nlohmann::json> cluster_info_objects(const kube::Kubeconfig& admin) {
  kube::Kubeconfig published;
  published.server = admin.server;
  published.ca_pem = admin.ca_pem;
  const std::string name = "kubeadm:bootstrap-signer-clusterinfo";
  const std::string config_map(constants::kClusterInfoConfigMap), namespace_(constants::kKubePublicNamespace);
  return {kube::config_map(config_map, namespace_,
                           {{"kubeconfig", kube::render_cluster_only_kubeconfig(published)}}),
          kube::role(name, namespace_, {kube::rule({""}, {"configmaps"}, {"get"}, {config_map})}),
          kube::role_binding(name, namespace_, "Role", name,
                             {kube::subject("User", std::string(constants::kAnonymousUser))})};
}

}  // namespace ks::token
