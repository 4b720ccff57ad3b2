#include "templates/addons.hpp"

#include "base/yaml_writer.hpp"
#include "config/derived.hpp"
#include "kube/objects.hpp"

namespace ks::templates {

namespace {

using nlohmann::json;

json service_account(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "ServiceAccount"},
          {"metadata", {{"name", name}, {"namespace", "kube-system"}}}};
}

std::string corefile(const std::string& domain) {
  return ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes " + domain +
         " in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       "
         "ttl 30\n    }\n"
         "    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    "
         "cache 30\n"
         "    loop\n    reload\n    loadbalance\n}\n";
}

}  // namespace

std::vector<json> coredns_objects(const config::InitConfiguration& config) {
  json labels = {{"k8s-app", "kube-dns"}};
  json container = {
      {"name", "coredns"},
      {"image", config::coredns_image(config)},
      {"imagePullPolicy", "IfNotPresent"},
      {"args", {"-conf", "/etc/coredns/Corefile"}},
      {"resources", {{"limits", {{"memory", "170Mi"}}}, {"requests", {{"cpu", "100m"}, {"memory", "70Mi"}}}}},
      {"volumeMounts", {{{"name", "config-volume"}, {"mountPath", "/etc/coredns"}, {"readOnly", true}}}},
      {"ports",
       {{{"containerPort", 53}, {"name", "dns"}, {"protocol", "UDP"}},
        {{"containerPort", 53}, {"name", "dns-tcp"}, {"protocol", "TCP"}},
        {{"containerPort", 9153}, {"name", "metrics"}, {"protocol", "TCP"}}}},
      {"livenessProbe",
       {{"httpGet", {{"path", "/health"}, {"port", 8080}, {"scheme", "HTTP"}}},
        {"initialDelaySeconds", 60},
        {"timeoutSeconds", 5},
        {"successThreshold", 1},
        {"failureThreshold", 5}}},
      {"readinessProbe", {{"httpGet", {{"path", "/ready"}, {"port", 8181}, {"scheme", "HTTP"}}}}},
      {"securityContext",
       {{"allowPrivilegeEscalation", false},
        {"capabilities", {{"add", {"NET_BIND_SERVICE"}}, {"drop", {"ALL"}}}},
        {"readOnlyRootFilesystem", true}}}};
  json deployment = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "coredns"}, {"namespace", "kube-system"}, {"labels", labels}}},
      {"spec",
       {{"replicas", 2},
        {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 1}}}}},
        {"selector", {{"matchLabels", labels}}},
        {"template",
         {{"metadata", {{"labels", labels}}},
          {"spec",
           {{"priorityClassName", "system-cluster-critical"},
            {"serviceAccountName", "coredns"},
            {"affinity",
             {{"podAntiAffinity",
               {{"preferredDuringSchedulingIgnoredDuringExecution",
                 {{{"weight", 100},
                   {"podAffinityTerm",
                    {{"labelSelector",
                      {{"matchExpressions",
                        {{{"key", "k8s-app"}, {"operator", "In"}, {"values", {"kube-dns"}}}}}}},
                     {"topologyKey", "kubernetes.io/hostname"}}}}}}}}}},
            {"tolerations",
             {{{"key", "CriticalAddonsOnly"}, {"operator", "Exists"}},
              {{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}}},
            {"nodeSelector", {{"kubernetes.io/os", "linux"}}},
            {"containers", {container}},
            {"dnsPolicy", "Default"},
            {"volumes",
             {{{"name", "config-volume"},
               {"configMap",
                {{"name", "coredns"}, {"items", {{{"key", "Corefile"}, {"path", "Corefile"}}}}}}}}}}}}}}}};
  auto dns_ip = config::dns_service_ip(config).str();
  json service = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata",
                   {{"name", "kube-dns"},
                    {"namespace", "kube-system"},
                    {"labels",
                     {{"k8s-app", "kube-dns"},
                      {"kubernetes.io/cluster-service", "true"},
                      {"kubernetes.io/name", "CoreDNS"}}},
                    {"annotations", {{"prometheus.io/port", "9153"}, {"prometheus.io/scrape", "true"}}}}},
                  {"spec",
                   {{"clusterIP", dns_ip},
                    {"selector", labels},
                    {"ports",
                     {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}, {"targetPort", 53}},
                      {{"name", "dns-tcp"}, {"port", 53}, {"protocol", "TCP"}, {"targetPort", 53}},
                      {{"name", "metrics"}, {"port", 9153}, {"protocol", "TCP"}, {"targetPort", 9153}}}}}}};
  return {service_account("coredns"),
          kube::cluster_role(
              "system:coredns",
              {kube::rule({""}, {"endpoints", "services", "pods", "namespaces"}, {"list", "watch"}),
               kube::rule({"discovery.k8s.io"}, {"endpointslices"}, {"list", "watch"})}),
          kube::cluster_role_binding("system:coredns", "system:coredns",
                                     {kube::subject("ServiceAccount", "coredns", "kube-system")}),
          kube::config_map("coredns", "kube-system",
                           {{"Corefile", corefile(config.cluster.networking.dns_domain)}}),
          deployment,
          service};
}

std::vector<json> kube_proxy_objects(const config::InitConfiguration& config, const NodeFacts& facts) {
  json kubeconfig = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters",
       {{{"name", "default"},
         {"cluster",
          {{"certificate-authority", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"},
           {"server", config::control_plane_url(config)}}}}}},
      {"contexts",
       {{{"name", "default"},
         {"context", {{"cluster", "default"}, {"namespace", "default"}, {"user", "default"}}}}}},
      {"current-context", "default"},
      {"users",
       {{{"name", "default"},
         {"user", {{"tokenFile", "/var/run/secrets/kubernetes.io/serviceaccount/token"}}}}}}};
  json proxy_config = {{"apiVersion", "kubeproxy.config.k8s.io/v1alpha1"},
                       {"kind", "KubeProxyConfiguration"},
                       {"bindAddress", config::advertise_address(config).v6 ? "::" : "0.0.0.0"},
                       {"clusterCIDR", config.cluster.networking.pod_subnet},
                       {"clientConnection", {{"kubeconfig", "/var/lib/kube-proxy/kubeconfig.conf"}}},
                       {"mode", ""}};
  auto config_map =
      kube::config_map("kube-proxy", "kube-system",
                       {{"config.conf", to_yaml(proxy_config)}, {"kubeconfig.conf", to_yaml(kubeconfig)}});
  config_map["metadata"]["labels"] = {{"app", "kube-proxy"}};
  json env = {{{"name", "NODE_NAME"}, {"valueFrom", {{"fieldRef", {{"fieldPath", "spec.nodeName"}}}}}}};
  for (const auto& var : facts.proxy_env) env.push_back({{"name", var.name}, {"value", var.value}});
  json labels = {{"k8s-app", "kube-proxy"}};
  json daemon_set = {
      {"apiVersion", "apps/v1"},
      {"kind", "DaemonSet"},
      {"metadata", {{"name", "kube-proxy"}, {"namespace", "kube-system"}, {"labels", labels}}},
      {"spec",
       {{"selector", {{"matchLabels", labels}}},
        {"updateStrategy", {{"type", "RollingUpdate"}}},
        {"template",
         {{"metadata", {{"labels", labels}}},
          {"spec",
           {{"priorityClassName", "system-node-critical"},
            {"hostNetwork", true},
            {"serviceAccountName", "kube-proxy"},
            {"tolerations", {{{"operator", "Exists"}}}},
            {"nodeSelector", {{"kubernetes.io/os", "linux"}}},
            {"containers",
             {{{"name", "kube-proxy"},
               {"image", config::image(config, "kube-proxy")},
               {"imagePullPolicy", "IfNotPresent"},
               {"command",
                {"/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                 "--hostname-override=$(NODE_NAME)"}},
               {"env", env},
               {"securityContext", {{"privileged", true}}},
               {"volumeMounts",
                {{{"name", "kube-proxy"}, {"mountPath", "/var/lib/kube-proxy"}},
                 {{"name", "xtables-lock"}, {"mountPath", "/run/xtables.lock"}},
                 {{"name", "lib-modules"}, {"mountPath", "/lib/modules"}, {"readOnly", true}}}}}}},
            {"volumes",
             {{{"name", "kube-proxy"}, {"configMap", {{"name", "kube-proxy"}}}},
              {{"name", "xtables-lock"},
               {"hostPath", {{"path", "/run/xtables.lock"}, {"type", "FileOrCreate"}}}},
              {{"name", "lib-modules"}, {"hostPath", {{"path", "/lib/modules"}}}}}}}}}}}}};
  const std::string role = "kube-proxy";
  return {service_account("kube-proxy"),
          kube::cluster_role_binding("kubeadm:node-proxier", "system:node-proxier",
                                     {kube::subject("ServiceAccount", "kube-proxy", "kube-system")}),
          kube::role(role, "kube-system", {kube::rule({""}, {"configmaps"}, {"get"}, {"kube-proxy"})}),
          kube::role_binding(role, "kube-system", "Role", role,
                             {kube::subject("Group", "system:bootstrappers:kubeadm:default-node-token")}),
          config_map,
          daemon_set};
}

}  // namespace ks::templates
