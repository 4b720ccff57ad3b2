// Preflight on this machine, measured side by side in one run:
//  (a) all init checks, concurrently, as `kubestrap init phase preflight` runs them;
//  (b) the same checks one after another;
//  (c) the whole `kubestrap init phase preflight --dry-run` process.
// Prints medians and the ratio (b)/(a). Usage: preflight_bench [rounds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/real_host.hpp"
#include "config/load.hpp"
#include "host/temp_dir.hpp"
#include "kube/cri/grpc_runtime.hpp"
#include "preflight/checks.hpp"
#include "preflight/runner.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double seconds(F&& f) {
  auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  using namespace ks;
  cli::RealHost real_host("/", true, [](const std::string&) {});  // read-only queries still run
  auto& machine = real_host.view();
  config::InitFlags flags;
  flags.node_name = "cp1";
  flags.apiserver_advertise_address = "192.168.1.10";
  flags.cri_socket = "unix:///run/containerd/containerd.sock";
  auto loaded = config::load_init_config(flags, machine);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().message().c_str());
    return 1;
  }
  kube::cri::GrpcConnector cri(machine.files, machine.clock);
  preflight::Context context{machine, loaded->config, cri, true};
  auto checks = preflight::init_checks(loaded->config);
  std::string command = std::string(KS_BINARY) + " init phase preflight --dry-run --root-dir " +
                        host::make_temp_dir("kubestrap-bench-").value() +
                        " --node-name cp1 --apiserver-advertise-address 192.168.1.10 >/dev/null 2>&1";

  std::vector<double> concurrent, serial, process;
  for (int round = 0; round < rounds; ++round) {
    concurrent.push_back(seconds([&] { preflight::run_checks(checks, context, {}); }));
    serial.push_back(seconds([&] {
      for (const auto& check : checks) check.run(context);
    }));
    process.push_back(seconds([&] { (void)std::system(command.c_str()); }));
  }
  double a = median(concurrent), b = median(serial), c = median(process);
  std::printf("preflight benchmark: %zu checks, %d rounds, medians\n", checks.size(), rounds);
  std::printf("(a) checks run concurrently          %7.1f ms (target < 300 ms)\n", a * 1000);
  std::printf("(b) the same checks one by one       %7.1f ms\n", b * 1000);
  std::printf("(c) kubestrap init phase preflight   %7.1f ms (whole process, dry run)\n", c * 1000);
  std::printf("ratio (b) / (a)                      %7.2f\n", b / a);
  return 0;
}
