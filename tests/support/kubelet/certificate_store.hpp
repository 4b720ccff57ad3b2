#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "host/files.hpp"

namespace ks::standin {

// The kubelet's client certificate store (client-go util/certificate/certificate_store.go, fileStore with
// the "kubelet-client" prefix): each new pair is written as kubelet-client-<YYYY-MM-DD-HH-MM-SS>.pem
// (certificate chain then key, 0600; the local time of `now`, as Go's time.Now().Format), then
// kubelet-client-current.pem is pointed at it through a kubelet-client-updated.pem link renamed over it,
// so a reader never finds the current link missing. Returns the new file's node path.
Result<std::string> store_client_certificate(const host::Files& files, const std::string& cert_dir,
                                             std::string_view certificate_pem, std::string_view key_pem,
                                             std::chrono::system_clock::time_point now);

// <cert-dir>/kubelet-client-current.pem: what kubelet.conf names once the kubelet has its certificate.
std::string current_client_certificate(const std::string& cert_dir);

}  // namespace ks::standin
