#include "phases/kubelet_service.hpp"

#include "base/strings.hpp"
#include "config/constants.hpp"
#include "templates/templates.hpp"

namespace ks::phases {

void KubeletService::systemctl(std::vector<std::string> args) {
  args.insert(args.begin(), "systemctl");
  host::Command command{args};
  auto result = host_.processes.run(command);
  if (!result) {
    reporter_.warning(tag_, "could not run '" + command.display() + "': " + result.error().why +
                                "; start the kubelet yourself");
  } else if (result->exit_code != 0) {
    reporter_.warning(tag_, "'" + command.display() + "' failed (exit " + std::to_string(result->exit_code) +
                                "): " + std::string(trim(result->err)));
  }
}

void KubeletService::stop() {
  reporter_.line(tag_, "Stopping the kubelet while its settings change");
  systemctl({"stop", "kubelet"});
}

void KubeletService::restart() {
  reporter_.line(tag_, "Starting the kubelet");
  systemctl({"daemon-reload"});
  systemctl({"restart", "kubelet"});
}

Status KubeletService::write_if_changed(const std::string& path, const std::string& content, mode_t mode) {
  auto& files = host_.files;
  if (files.exists(path) && files.read(path).value_or("") == content) return {};
  reporter_.line(tag_, "Writing " + path);
  return files.write_atomic(path, content, mode);
}

Status KubeletService::write_instance_config(const std::optional<std::string>& content) {
  std::string path(constants::kKubeletInstanceConfigFile);
  if (content) return write_if_changed(path, *content, constants::kKubeletFileMode);
  if (!host_.files.exists(path)) return {};
  reporter_.line(tag_, "Removing " + path + ": NodeLocalCRISocket is off, the CRI socket is a kubelet flag");
  return host_.files.remove(path);
}

Status KubeletService::install_unit_if_missing() {
  for (const char* unit : {"/lib/systemd/system/kubelet.service", "/usr/lib/systemd/system/kubelet.service",
                           "/etc/systemd/system/kubelet.service"})
    if (host_.files.exists(unit)) return {};
  reporter_.line(tag_, "No kubelet.service found; installing one with kubestrap's drop-in");
  // The unit last: it marks the pair as installed, so a run killed between the two writes both again.
  KS_CHECK(host_.files.write_atomic("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
                                    templates::render("10-kubeadm.conf"), 0644));
  return host_.files.write_atomic("/etc/systemd/system/kubelet.service", templates::render("kubelet.service"),
                                  0644);
}

}  // namespace ks::phases
