#pragma once

// The realism suite's cluster: one `kubestrap init` run to the end on a network-namespace node with the
// stand-ins, shared by every test of the binary, and the real clients a lab user has (kubectl 1.32, Debian's
// python3-kubernetes, @kubernetes/client-node) pointed at it with the identities the tests need. Each test
// sends a request with a real client and asserts what a real 1.32 control plane answers. Needs root.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/processes.hpp"
#include "tests/support/test_node.hpp"

namespace ks::testing {

class RealismCluster : public ::testing::Test {
 protected:
  void SetUp() override;

  static TestNode& node();
  // What `kubestrap init -o json` printed (token, caCertHashes, joinCommand, ...).
  static const nlohmann::json& init_result();
  static std::string server() { return "https://" + node().address() + ":6443"; }
  // The absolute path of a file of the node's root directory.
  static std::string path(const std::string& node_path) { return node().root() + node_path; }
  // Writes a file under the node's root (mode 0644 unless said) and returns its absolute path.
  static std::string write(const std::string& node_path, const std::string& content, int mode = 0644);

  // Real kubectl as cluster-admin (admin.conf).
  static host::ProcessResult kubectl(std::vector<std::string> args);
  // Real kubectl as admin impersonating a user and groups (--as/--as-group).
  static host::ProcessResult kubectl_as(const std::string& user, const std::vector<std::string>& groups,
                                        std::vector<std::string> args);
  // Real kubectl with a client certificate the cluster CA signed for the user (CN) and groups (O), so the
  // API server authenticates the identity itself, as it does a kubelet's.
  static host::ProcessResult kubectl_cert(const std::string& user, const std::vector<std::string>& groups,
                                          std::vector<std::string> args);
  // Real kubectl with a bearer token and no client certificate.
  static host::ProcessResult kubectl_token(const std::string& token, std::vector<std::string> args);
  // Debian's python3-kubernetes running `script` with the admin kubeconfig in KUBECONFIG.
  static host::ProcessResult python(const std::string& script, const std::string& kubeconfig = "");
  // @kubernetes/client-node 1.4.0 (tests/node) running `snippet`, an ES module body with top-level await,
  // after `k8s` (the package) and `kc` (a KubeConfig loaded from the admin kubeconfig, or `kubeconfig`) are
  // defined; `status(error)` turns the ApiException the client throws into {code, reason, message} of the
  // Status it carried. An uncaught error exits 1 with its message on stderr.
  static host::ProcessResult javascript(const std::string& snippet, const std::string& kubeconfig = "");
  // The kubeconfig (absolute path) of a client certificate for user and groups; made once per identity.
  static std::string kubeconfig_for(const std::string& user, const std::vector<std::string>& groups);

  // The Status an API error carried, as kubectl prints it: "Error from server (Reason): message" (after the
  // file it names for create/apply); returns {"Reason", "message"} or empty strings.
  static std::pair<std::string, std::string> server_error(const std::string& kubectl_stderr);
};

}  // namespace ks::testing
