#pragma once

#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks::testing {

// A machine for end-to-end tests: a network namespace with its own address and default route, and a root
// directory that kubestrap and the stand-ins treat as the machine's / (KUBESTRAP_ROOT_DIR). Commands run
// inside it with the stand-ins (systemctl, kubelet, control plane) first on PATH. Needs root.
class TestNode {
 public:
  // The stand-ins come from standin_dir: the build's, or another build's when a benchmark compares two.
  TestNode(std::string name, std::string address, std::string standin_dir = STANDIN_BIN_DIR)
      : name_(std::move(name)), address_(std::move(address)), standin_dir_(std::move(standin_dir)) {
    for (const auto& command : std::vector<std::string>{
             "ip netns add " + name_, "ip -n " + name_ + " link set lo up",
             "ip -n " + name_ + " link add v0 type veth peer name v1", "ip -n " + name_ + " link set v0 up",
             "ip -n " + name_ + " link set v1 up", "ip -n " + name_ + " addr add " + address_ + "/24 dev v0",
             "ip -n " + name_ + " route add default via " + gateway()})
      if (auto result = run({"sh", "-c", command}); result.exit_code != 0)
        throw std::runtime_error(command + ": " + result.err);
  }
  ~TestNode() {
    // Everything the node started lives in its namespace: the kubelet, etcd and the control plane.
    run({"sh", "-c", "ip netns pids " + name_ + " | xargs -r kill -9; ip netns del " + name_});
  }
  TestNode(const TestNode&) = delete;
  TestNode& operator=(const TestNode&) = delete;

  const std::string& address() const { return address_; }
  const std::string& root() const { return root_.path(); }
  const std::string& name() const { return name_; }

  host::ProcessResult exec(std::vector<std::string> argv,
                           const std::map<std::string, std::string>& env = {}) const {
    std::vector<std::string> full = {"ip",
                                     "netns",
                                     "exec",
                                     name_,
                                     "env",
                                     "PATH=" + standin_dir_ + ":" + std::string(getenv("PATH")),
                                     "KUBESTRAP_ROOT_DIR=" + root_.path(),
                                     "KUBECACHEDIR=" + kubectl_cache_.path()};
    for (const auto& [name, value] : env) full.push_back(name + "=" + value);
    full.insert(full.end(), argv.begin(), argv.end());
    return run(full);
  }
  host::ProcessResult kubectl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"kubectl", "--kubeconfig", root() + "/etc/kubernetes/admin.conf"});
    return exec(args);
  }

 private:
  std::string gateway() const { return address_.substr(0, address_.rfind('.')) + ".1"; }
  std::string name_, address_, standin_dir_;
  TempDir root_;
  // kubectl's discovery cache (else ~/.kube/cache/discovery/<address>_6443, shared by every run that
  // uses the same address, whatever its API server serves): one per node, gone with it.
  TempDir kubectl_cache_;
};

}  // namespace ks::testing
