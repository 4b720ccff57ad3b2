#include "certs/spec.hpp"
#include "config/constants.hpp"
#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase certs_phase(InitRun& run) {
  workflow::Phase phase{"certs", "Create the cluster's certificate authorities and certificates"};
  phase.run = [&run]() -> Status {
    run.reporter.line("certs", "Using certificate directory \"" + run.config.cluster.certificates_dir + "\"");
    return {};
  };
  for (const auto& spec : certs::certificate_specs(run.config)) {
    workflow::Phase child{spec.name, "Create " + spec.help};
    child.run = [&run, spec] { return run.pki.ensure(spec); };
    if (!spec.ca.empty()) child.needs = {"certs/" + spec.ca};
    if (spec.etcd) child.enabled = [&run] { return !run.config.cluster.etcd.external.has_value(); };
    // A key is generated only for a pair that does not exist at all (an external CA's certificate without
    // its key is used as it is).
    child.new_keys = [&run, spec]() -> size_t {
      return !run.host.files.exists(run.pki.path(spec.base_name, "key")) &&
             !run.host.files.exists(run.pki.path(spec.base_name, "crt"));
    };
    phase.children.push_back(std::move(child));
  }
  workflow::Phase sa{"sa", "Create the key pair that signs service account tokens"};
  sa.run = [&run] { return run.pki.ensure_service_account_keys(); };
  sa.new_keys = [&run]() -> size_t {
    return !run.host.files.exists(run.pki.path(std::string(constants::kServiceAccountKeyBaseName), "key"));
  };
  phase.children.push_back(std::move(sa));
  return phase;
}

}  // namespace ks::phases
