// The kubelet as systemd runs it: stopping it while its settings change, writing those settings only when
// they differ, installing kubeadm's unit and drop-in where no package did, and restarting it. Shared by
// init's and join's kubelet-start.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "base/error.hpp"
#include "host/host.hpp"
#include "workflow/reporter.hpp"

namespace ks::phases {

class KubeletService {
 public:
  // `tag` prefixes the progress lines ("kubelet-start").
  KubeletService(const host::Host& host, workflow::Reporter& reporter, std::string tag)
      : host_(host), reporter_(reporter), tag_(std::move(tag)) {}

  // systemctl may be missing (containers, other init systems): kubeadm only warns then, and so does this.
  void stop();
  void restart();  // daemon-reload, then restart
  // Writes the file unless it already holds `content`.
  Status write_if_changed(const std::string& path, const std::string& content, mode_t mode);
  // /var/lib/kubelet/instance-config.yaml: written when there is one (NodeLocalCRISocket), otherwise removed
  // if an earlier run left one, unlike kubeadm: kubeadm's upgrade keeps an existing instance file, so a
  // stale one would bring its old socket back the day the gate is turned on.
  Status write_instance_config(const std::optional<std::string>& content);
  // The kubelet package ships a unit and kubeadm's drop-in; a kubelet installed by hand has neither.
  Status install_unit_if_missing();

 private:
  void systemctl(std::vector<std::string> args);

  const host::Host& host_;
  workflow::Reporter& reporter_;
  std::string tag_;
};

}  // namespace ks::phases
