#include "token/join_command.hpp"

#include "certs/certificate.hpp"
#include "certs/pin.hpp"

namespace ks::token {

std::string JoinCommand::multi_line() const {
  std::string command = "kubestrap join " + endpoint + " --token " + token + " \\\n\t";
  for (const auto& hash : ca_cert_hashes) command += "--discovery-token-ca-cert-hash " + hash + " ";
  if (!certificate_key.empty()) command += "\\\n\t--control-plane --certificate-key " + certificate_key;
  return command;
}

std::string JoinCommand::one_line() const {
  std::string command = "kubestrap join " + endpoint + " --token " + token;
  for (const auto& hash : ca_cert_hashes) command += " --discovery-token-ca-cert-hash " + hash;
  if (!certificate_key.empty()) command += " --control-plane --certificate-key " + certificate_key;
  return command;
}

Result<JoinCommand> join_command(const kube::Kubeconfig& admin, const std::string& token) {
  JoinCommand command;
  auto scheme = admin.server.find("://");
  command.endpoint = scheme == std::string::npos ? admin.server : admin.server.substr(scheme + 3);
  command.token = token;
  for (const auto& ca : KS_TRY(certs::parse_certificates(admin.ca_pem)))
    command.ca_cert_hashes.push_back(certs::public_key_pin(ca.get()));
  return command;
}

}  // namespace ks::token
