#pragma once

#include <string>
#include <vector>

#include "base/ip.hpp"
#include "certs/certificate.hpp"
#include "config/types.hpp"

namespace ks::certs {

// One row of kubeadm's certificate table, with its SANs worked out for this configuration.
struct CertSpec {
  std::string name;       // phase name: "apiserver", "etcd-server"
  std::string base_name;  // file name under certificatesDir without extension: "apiserver", "etcd/server"
  std::string ca;         // phase name of the signing CA; empty for a CA
  std::string help;
  std::string common_name;
  std::vector<std::string> organizations;
  Usage usage = Usage::Client;
  std::vector<std::string> dns_names;
  std::vector<IpAddress> ips;
  bool etcd = false;  // not needed with external etcd
};

// In kubeadm's generation order.
std::vector<CertSpec> certificate_specs(const config::InitConfiguration& config);
const CertSpec& find_spec(const std::vector<CertSpec>& specs, const std::string& name);

}  // namespace ks::certs
