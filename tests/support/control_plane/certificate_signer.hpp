#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.hpp"
#include "tests/support/control_plane/csr_request.hpp"

namespace ks::standin {

// kube-controller-manager's csrsigning controller for one request
// (pkg/controller/certificates/authority/authority.go), with OpenSSL directly rather than kubestrap's certs/
// code: the request's subject and key, a random 128-bit serial, valid from five minutes ago (backdating) for
// `duration` but never past the CA, key and extended key usages from spec.usages, not a CA. Returns the PEM.
Result<std::string> sign_certificate_request(
    const RequestedCertificate& request, const nlohmann::json& usages, const std::string& ca_certificate_pem,
    const std::string& ca_key_pem, std::chrono::system_clock::time_point now, std::chrono::seconds duration);

}  // namespace ks::standin
