#pragma once

#include <boost/process/child.hpp>
#include <map>
#include <string>
#include <vector>

#include "host/files.hpp"
#include "tests/support/kubelet/mirror_pod.hpp"

namespace ks::standin {

// The kubelet's file source and its containers, for the stand-in: every *.yaml of staticPodPath runs as a
// local program (etcd → Debian's etcd, a control-plane image → ks-control-plane-standin), started again
// when it exits (restartPolicy Always), and outliving the kubelet (its pid kept under /run/standin-pods, so
// a restarted kubelet adopts it rather than starting a second one).
class StaticPodRunner {
 public:
  StaticPodRunner(std::string root, std::string standin_dir, const host::Files& files)
      : root_(std::move(root)), standin_dir_(std::move(standin_dir)), files_(files) {}

  // Starts what is not running and returns the static Pods of `static_pod_path` as the kubelet holds
  // them, named for `node_name`.
  std::vector<StaticPod> sync(const std::string& static_pod_path, const std::string& node_name);

 private:
  struct Seen {
    std::string hash, seen, started_at;
    int restarts = 0;
  };
  bool running(const std::string& file);
  void start(const std::string& file, const std::string& manifest_path, const std::string& image);

  std::string root_, standin_dir_;
  const host::Files& files_;
  std::map<std::string, boost::process::child> children_;
  std::map<std::string, Seen> seen_;
};

}  // namespace ks::standin
