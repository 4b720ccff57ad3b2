#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/types.hpp"

namespace ks::templates {

struct HostPathVolume {
  std::string name;
  std::string host_path;
  std::string mount_path;
  bool read_only = false;
  std::string type;  // DirectoryOrCreate, FileOrCreate, ...
};

struct Probe {
  std::string scheme;  // HTTP or HTTPS
  std::string host;
  int port = 0;
  std::string path;
  int initial_delay = 0, timeout = 0, failure_threshold = 0, period = 0;
};

struct StaticPod {
  std::string component;
  std::string image;
  std::string image_pull_policy;
  std::vector<std::string> command;
  std::vector<HostPathVolume> volumes;
  nlohmann::json requests = nlohmann::json::object();
  nlohmann::json annotations = nlohmann::json::object();
  std::vector<config::EnvVar> env;
  std::vector<Probe> liveness, readiness, startup;  // zero or one each
};

// kubeadm's static Pod shape: kube-system, labels component/tier, host network, system-node-critical,
// RuntimeDefault seccomp, volumes and mounts sorted by name.
nlohmann::json render_static_pod(const StaticPod& pod);

// "--name=value" flags from defaults overridden by extra args (an extra name replaces every default of
// that name), sorted by name then value.
std::vector<std::string> build_flags(std::vector<config::Arg> defaults,
                                     const std::vector<config::Arg>& extra);

// kubeadm's probe timings: liveness 10/15/8/10, readiness 0/15/3/1, startup 10/15/24/10 (delay, timeout,
// failures, period).
Probe liveness_probe(std::string scheme, std::string host, int port, std::string path);
Probe readiness_probe(std::string scheme, std::string host, int port, std::string path);
Probe startup_probe(std::string scheme, std::string host, int port, std::string path);

// Proxy variables merged with extra envs (extra wins), sorted by name.
std::vector<config::EnvVar> merge_env(const std::vector<config::EnvVar>& proxy,
                                      const std::vector<config::EnvVar>& extra);

}  // namespace ks::templates
