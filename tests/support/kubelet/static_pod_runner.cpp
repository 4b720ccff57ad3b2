#include "tests/support/kubelet/static_pod_runner.hpp"

#include <signal.h>

#include <boost/process.hpp>
#include <filesystem>
#include <iostream>

#include "base/json_access.hpp"
#include "base/yaml_reader.hpp"
#include "tests/support/kubelet/api_time.hpp"
#include "tests/support/static_pod_command.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace ks::standin {

namespace {

// Which local program plays a control-plane image.
std::vector<std::string> program_for(const std::string& image, const std::vector<std::string>& command,
                                     const std::string& standin_dir) {
  std::vector<std::string> argv(command.begin() + 1, command.end());
  auto name = image.substr(image.rfind('/') + 1);
  name = name.substr(0, name.find(':'));
  if (name == "etcd") {
    argv.insert(argv.begin(), bp::search_path("etcd").string());
  } else {
    argv.insert(argv.begin(), name);
    argv.insert(argv.begin(), standin_dir + "/ks-control-plane-standin");
  }
  return argv;
}

}  // namespace

bool StaticPodRunner::running(const std::string& file) {
  if (auto child = children_.find(file); child != children_.end()) {
    if (child->second.running()) return true;
    children_.erase(child);
    return false;
  }
  auto pid = files_.read("/run/standin-pods/" + file + ".pid");
  return pid && !pid->empty() && ::kill(std::stoi(*pid), 0) == 0;
}

void StaticPodRunner::start(const std::string& file, const std::string& manifest_path,
                            const std::string& image) {
  auto argv = program_for(image, testing::static_pod_command(root_, manifest_path), standin_dir_);
  auto environment = boost::this_process::environment();
  environment["KS_STANDIN_VERSION"] = image.substr(image.rfind(':') + 1);
  fs::create_directories(root_ + "/var/log/pods");
  auto log = root_ + "/var/log/pods/" + file.substr(0, file.size() - 5) + ".log";
  std::cerr << "kubelet: starting static pod " << file << "\n";
  bp::child child(argv, environment, (bp::std_out & bp::std_err) > log, bp::std_in.close());
  fs::create_directories(root_ + "/run/standin-pods");
  (void)files_.write_atomic("/run/standin-pods/" + file + ".pid", std::to_string(child.id()), 0644);
  child.detach();
  children_.emplace(file, std::move(child));
}

std::vector<StaticPod> StaticPodRunner::sync(const std::string& static_pod_path,
                                             const std::string& node_name) {
  std::vector<StaticPod> pods;
  if (static_pod_path.empty()) return pods;
  auto directory = root_ + static_pod_path;
  if (!fs::is_directory(directory)) return pods;
  std::map<std::string, Seen> still;
  for (const auto& entry : fs::directory_iterator(directory)) {
    auto file = entry.path().filename().string();
    if (!file.ends_with(".yaml")) continue;
    auto manifest_path = static_pod_path + "/" + file;
    auto text = files_.read(manifest_path);
    if (!text) continue;
    auto manifest = parse_yaml(*text);
    // The file source refuses a Pod that does not validate; one without a container is such a Pod.
    if (!manifest || !manifest->is_object() || !member(member(*manifest, "spec"), "containers").is_array() ||
        member(member(*manifest, "spec"), "containers").empty())
      continue;
    auto& seen = seen_[file];
    auto pod = static_pod_from_file(*manifest, manifest->dump(), manifest_path, node_name, seen.seen);
    if (seen.hash != pod.hash) seen = {pod.hash, utc_now(9), "", 0};
    pod = static_pod_from_file(*manifest, manifest->dump(), manifest_path, node_name, seen.seen);
    bool was_started = !seen.started_at.empty();
    pod.running = running(file);
    if (!pod.running) {
      start(file, manifest_path, string_member((*manifest)["spec"]["containers"][0], "image"));
      if (was_started) ++seen.restarts;
      seen.started_at = utc_now(0);
      pod.running = true;
    } else if (!was_started) {
      seen.started_at = utc_now(0);  // adopted from an earlier kubelet: its start is when it was found
    }
    pod.restarts = seen.restarts;
    pod.started_at = seen.started_at;
    still[file] = seen;
    pods.push_back(std::move(pod));
  }
  seen_ = std::move(still);
  return pods;
}

}  // namespace ks::standin
