#include "phases/init_run.hpp"

namespace ks::phases {

workflow::Phase upload_certs_phase(InitRun&) {
  workflow::Phase phase{"upload-certs",
                        "Store the control-plane certificates, encrypted, for other control-plane nodes"};
  // Until control-plane join exists there is no one to share them with.
  phase.unavailable =
      "sharing the certificates for a control-plane join is not supported yet; nothing is uploaded";
  return phase;
}

}  // namespace ks::phases
