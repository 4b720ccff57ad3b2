#include "config/constants.hpp"
#include "preflight/checks.hpp"

namespace ks::preflight {

namespace {

Finding check_file_absent(const Context& c, const std::string& path) {
  if (!c.host.files.exists(path)) return Finding::ok();
  return Finding::error(path + " already exists",
                        "this machine already ran a control plane; run 'kubestrap reset' first");
}

Finding check_dir_empty(const Context& c, const std::string& path, const std::string& holds) {
  auto entries = c.host.files.list(path);
  if (!entries || entries->empty()) return Finding::ok();
  return Finding::error(path + " is not empty: it holds " + holds,
                        "run 'kubestrap reset' (or move its contents away) first");
}

Finding check_program(const Context& c, const std::string& name, bool required, const std::string& package) {
  if (!c.host.processes.find(name).empty()) return Finding::ok();
  auto message = name + " not found in PATH";
  auto fix = "install it (Debian/Ubuntu package " + package + ")";
  return required ? Finding::error(message, fix) : Finding::warning(message, fix);
}

Check file_available(const std::string& path) {
  return {"FileAvailable-" + path_label(path),
          [path](const Context& c) { return check_file_absent(c, path); }};
}

Check dir_available(const std::string& path, const std::string& holds) {
  return {"DirAvailable-" + path_label(path),
          [path, holds](const Context& c) { return check_dir_empty(c, path, holds); }};
}

Check program(const std::string& name, bool required, const std::string& package) {
  return {"FileExisting-" + name,
          [name, required, package](const Context& c) { return check_program(c, name, required, package); }};
}

}  // namespace

std::vector<Check> file_checks(const config::InitConfiguration& config, Role role) {
  std::vector<Check> checks;
  if (role == Role::Init) {
    for (const char* component : {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"})
      checks.push_back(file_available(std::string(constants::kManifestsDir) + "/" + component + ".yaml"));
  } else {
    // A joining node must not carry another cluster's kubelet identity or static Pods.
    checks.push_back(dir_available(std::string(constants::kManifestsDir), "static Pods of an earlier node"));
    checks.push_back(file_available(std::string(constants::kKubernetesDir) + "/kubelet.conf"));
    checks.push_back(file_available(std::string(constants::kKubernetesDir) + "/bootstrap-kubelet.conf"));
    if (role == Role::JoinWorker)
      checks.push_back(file_available(config.cluster.certificates_dir + "/ca.crt"));
  }
  if (role != Role::JoinWorker && config.cluster.etcd.local)
    checks.push_back(dir_available(config.cluster.etcd.local->data_dir, "the data of an earlier etcd"));
  for (auto [name, package] :
       {std::pair{"ip", "iproute2"}, {"iptables", "iptables"}, {"mount", "mount"}, {"nsenter", "util-linux"}})
    checks.push_back(program(name, true, package));
  for (auto [name, package] : {std::pair{"ethtool", "ethtool"}, {"tc", "iproute2"}, {"touch", "coreutils"}})
    checks.push_back(program(name, false, package));
  return checks;
}

}  // namespace ks::preflight
