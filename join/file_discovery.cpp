#include "join/file_discovery.hpp"

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "host/files.hpp"

namespace ks::joining {

namespace {

const std::string kDiscoveryFileFix =
    "give --discovery-file a kubeconfig with the cluster's server and CA (for example the 'kubeconfig' key "
    "of "
    "kube-public/cluster-info), or use token discovery";

Result<std::string> download(const std::string& url, kube::ApiFactory& https) {
  auto after_scheme = url.substr(std::string_view("https://").size());
  auto slash = after_scheme.find('/');
  kube::Kubeconfig server;
  server.server = "https://" + after_scheme.substr(0, slash);
  auto path = slash == std::string::npos ? std::string("/") : after_scheme.substr(slash);
  auto api = KS_TRY(https.connect(server));
  auto response = api->request("GET", path);
  if (!response)
    return failure("downloading the discovery file " + url, response.error().why, kDiscoveryFileFix);
  if (response->status != 200)
    return failure("downloading the discovery file " + url,
                   "the server answered " + std::to_string(response->status), kDiscoveryFileFix);
  // A kubeconfig may be JSON: then the client has parsed it already.
  return response->body.is_null() ? response->text : response->body.dump();
}

}  // namespace

Result<kube::Kubeconfig> read_discovery_file(const std::string& location, kube::ApiFactory& https) {
  auto what = "the discovery file " + location;
  std::string text;
  if (location.starts_with("https://")) {
    text = KS_TRY(download(location, https));
  } else {
    auto read = host::read_local_file(location, constants::kKubeconfigLimit);
    if (!read) return failure("reading " + what, read.error().why, kDiscoveryFileFix);
    text = std::move(*read);
  }
  auto kubeconfig = kube::parse_kubeconfig(text);
  if (!kubeconfig) kubeconfig = kube::parse_cluster_only_kubeconfig(text);
  if (!kubeconfig) return failure(what, kubeconfig.error().message(), kDiscoveryFileFix);
  if (kubeconfig->ca_pem.empty())
    return failure(what, "it names no CA for the cluster's server", kDiscoveryFileFix);
  if (!kubeconfig->server.starts_with("https://"))
    return failure(what, "its server " + quote(kubeconfig->server) + " is not an https URL",
                   kDiscoveryFileFix);
  if (!kubeconfig->client_certificate_file.empty())
    return failure(what, "its client certificate is a file reference; embed it (client-certificate-data)",
                   kDiscoveryFileFix);
  return *kubeconfig;
}

}  // namespace ks::joining
