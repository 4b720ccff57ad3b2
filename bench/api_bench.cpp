// Benchmark of init's work against an API server (needs root: network namespaces).
//  (a) reaction to health: wait-control-plane against local health endpoints that turn healthy at a random
//      moment; the time from that moment until the phase returns, with kubestrap's 50 ms polling and, side
//      by side in the same run, with kubeadm's 500 ms.
//  (b) API requests per phase of a whole `kubestrap init` against the stand-ins (etcd, control plane,
//      kubelet) in a fresh network namespace, and how long the API phases took.
#include <httplib.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

#include "certs/certificate.hpp"
#include "certs/key.hpp"
#include "cli/real_host.hpp"
#include "config/load.hpp"
#include "host/temp_dir.hpp"
#include "phases/init_run.hpp"
#include "tests/support/go_like_server.hpp"
#include "tests/support/test_node.hpp"
#include "workflow/reporter.hpp"

namespace {

using namespace ks;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  std::ranges::sort(values);
  return values[values.size() / 2];
}

// Health endpoints of a control-plane node, all answering 500 until `healthy` is set.
struct FakeControlPlane {
  std::atomic<bool> healthy = false;
  httplib::Server kubelet;
  std::unique_ptr<httplib::SSLServer> apiserver, controller_manager, scheduler;
  std::vector<std::jthread> threads;

  FakeControlPlane() {
    auto now = std::chrono::system_clock::now();
    auto key = certs::generate_key(config::KeyAlgorithm::ECDSAP256).value();
    certs::CertificateRequest request{"bench",
                                      {},
                                      {"localhost"},
                                      {IpAddress::parse("127.0.0.1").value()},
                                      certs::Usage::CA,
                                      now - std::chrono::minutes(1),
                                      now + std::chrono::hours(1),
                                      1};
    auto cert = certs::issue_certificate(request, key.get(), nullptr, key.get()).value();
    auto handler = [this](const httplib::Request&, httplib::Response& response) {
      response.status = healthy ? 200 : 500;
      response.set_content(healthy ? "ok" : "not yet", "text/plain");
    };
    kubelet.Get("/healthz",
                [](const httplib::Request&, httplib::Response& r) { r.set_content("ok", "text/plain"); });
    apiserver = std::make_unique<httplib::SSLServer>(cert.get(), key.get());
    controller_manager = std::make_unique<httplib::SSLServer>(cert.get(), key.get());
    scheduler = std::make_unique<httplib::SSLServer>(cert.get(), key.get());
    for (auto* server : {apiserver.get(), controller_manager.get(), scheduler.get()})
      for (const char* path : {"/livez", "/readyz", "/healthz"}) server->Get(path, handler);
    // Bound before the phase starts, so that only health (not a refused port) is what it waits for.
    for (auto [server, port] :
         std::vector<std::pair<httplib::Server*, int>>{{&kubelet, 10248},
                                                       {apiserver.get(), 6443},
                                                       {controller_manager.get(), 10257},
                                                       {scheduler.get(), 10259}}) {
      ks::testing::serve_like_go(*server);
      if (!server->bind_to_port("127.0.0.1", port)) std::exit(1);
      threads.emplace_back([server] { server->listen_after_bind(); });
    }
  }
  ~FakeControlPlane() {
    kubelet.stop();
    apiserver->stop();
    controller_manager->stop();
    scheduler->stop();
  }
};

// One wait-control-plane run; returns the reaction time in ms.
double reaction_ms(phases::InitRun& run, workflow::Phase& phase, FakeControlPlane& node,
                   std::mt19937& random) {
  node.healthy = false;
  Clock::time_point turned;
  std::jthread flip([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(300, 800)(random)));
    turned = Clock::now();
    node.healthy = true;
  });
  if (auto done = phase.run(); !done) {
    std::fprintf(stderr, "%s\n", done.error().message().c_str());
    std::exit(1);
  }
  auto returned = Clock::now();
  flip.join();
  (void)run;
  return std::chrono::duration<double, std::milli>(returned - turned).count();
}

int health_reaction(int rounds) {
  if (unshare(CLONE_NEWNET) != 0 || std::system("ip link set lo up") != 0) {
    std::perror("a network namespace of its own");
    return 1;
  }
  FakeControlPlane node;
  if (getenv("KS_DEBUG")) spdlog::set_level(spdlog::level::debug);
  cli::RealHost real_host(host::make_temp_dir("kubestrap-bench-").value(), false, [](const std::string&) {});
  config::InitFlags flags;
  flags.node_name = "cp1";
  flags.apiserver_advertise_address = "127.0.0.1";
  flags.cri_socket = "unix:///run/containerd/containerd.sock";
  auto loaded = config::load_init_config(flags, real_host.view()).value();
  workflow::JsonReporter quiet;
  phases::InitRun run(loaded.config, real_host.view(), quiet);
  auto phase = phases::wait_control_plane_phase(run);
  std::mt19937 random(42);
  std::vector<double> ours, kubeadms;
  for (int round = 0; round < rounds; ++round) {
    run.health_poll_interval = std::chrono::milliseconds(50);
    ours.push_back(reaction_ms(run, phase, node, random));
    run.health_poll_interval = std::chrono::milliseconds(500);
    kubeadms.push_back(reaction_ms(run, phase, node, random));
  }
  double a = median(ours), b = median(kubeadms);
  std::printf("(a) reaction to health, %d rounds, medians (max)\n", rounds);
  std::printf("    kubestrap, 50 ms polling       %7.1f ms (%.1f)   target <= 100 ms\n", a,
              *std::ranges::max_element(ours));
  std::printf("    kubeadm's 500 ms polling       %7.1f ms (%.1f)\n", b, *std::ranges::max_element(kubeadms));
  std::printf("    ratio                          %7.2f\n", b / a);
  return 0;
}

int requests_per_phase() {
  ks::testing::TestNode node("ksbench" + std::to_string(getpid()), "10.81.0.10");
  rusage before{}, after{};
  getrusage(RUSAGE_CHILDREN, &before);
  auto start = Clock::now();
  auto init = node.exec({KS_BINARY, "init", "--pod-network-cidr", "10.244.0.0/16", "--node-name", "cp1",
                         "--skip-phases", "preflight", "--cri-socket",
                         "unix:///run/containerd/containerd.sock", "-o", "json"});
  double wall = std::chrono::duration<double>(Clock::now() - start).count();
  getrusage(RUSAGE_CHILDREN, &after);
  if (init.exit_code != 0) {
    std::fprintf(stderr, "init failed:\n%s\n%s\n", init.out.c_str(), init.err.c_str());
    return 1;
  }
  auto document = nlohmann::json::parse(init.out);
  std::printf("(b) kubestrap init against the stand-ins: %.2f s wall\n", wall);
  double api_seconds = 0;
  for (const auto& phase : document["phases"]) {
    auto name = phase["phase"].get<std::string>();
    bool api = name == "upload-config" || name == "mark-control-plane" || name == "bootstrap-token" ||
               name == "addon" || name == "kubelet-finalize" || name == "show-join-command";
    if (api) api_seconds += phase["seconds"].get<double>();
    if (name == "wait-control-plane")
      std::printf("    wait-control-plane (stand-ins starting)  %6.0f ms\n",
                  phase["seconds"].get<double>() * 1000);
  }
  int total = 0;
  for (const auto& [phase, count] : document["apiRequests"].items()) {
    std::printf("    %-28s %3d requests\n", phase.c_str(), count.get<int>());
    total += count.get<int>();
  }
  std::printf("    all API phases               %3d requests in %.0f ms\n", total, api_seconds * 1000);
  (void)after;
  (void)before;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  std::printf("API benchmark (this machine, %u cores)\n", std::thread::hardware_concurrency());
  // The health part moves this process into a network namespace of its own, so it runs in a child.
  std::fflush(stdout);
  if (pid_t child = fork(); child == 0) {
    std::exit(health_reaction(rounds));
  } else {
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  std::fflush(stdout);
  return requests_per_phase();
}
