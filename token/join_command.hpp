#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "kube/kubeconfig.hpp"

namespace ks::token {

// What another machine needs to join: the API server's host:port, a bootstrap token and the pins of the
// cluster CA's public keys. init prints it; `token create --print-join-command` prints it again.
struct JoinCommand {
  std::string endpoint;  // host:port, as kubeadm prints it
  std::string token;
  std::vector<std::string> ca_cert_hashes;  // "sha256:<hex>"
  // For a control-plane join: the key of the uploaded certificates (64 hex digits); empty for a worker.
  std::string certificate_key = {};

  // kubeadm's exact two-line shape (people and scripts copy it), and a single runnable line.
  std::string multi_line() const;
  std::string one_line() const;
};

// The command for the cluster an admin kubeconfig points at (its server and CA bundle).
Result<JoinCommand> join_command(const kube::Kubeconfig& admin, const std::string& token);

}  // namespace ks::token
