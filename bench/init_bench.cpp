// Measures, side by side in one run:
//  (a) the floor: the 16 RSA-2048 keys of a control plane generated serially in-process with OpenSSL;
//  (b) `kubestrap init --dry-run` (all local phases, RSA-2048) into a fresh root;
//  (c) the same PKI made "the hard way" with the openssl CLI (bench/pki-the-hard-way.sh);
//  (d) the whole local init with ECDSA-P256 keys;
// plus the stripped binary size and the peak RSS of (b). Prints medians and the ratios the targets use.
// RSA key generation time is random per key (the search for primes), so wall-clock ratios swing between
// runs; CPU-time figures, measured in the same rounds, move much less: (b)'s parallel efficiency (its CPU
// time over wall time times cores) and (b)'s CPU time over (a)'s (what init spends beyond the keys).
// Each round's ratios are also printed as a range, so the noise is visible next to the median.
// Usage: init_bench [rounds]   (run from the build directory's bench/ or anywhere with KS_* paths baked in)
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "certs/key.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kKeys = 16;

struct Run {
  double seconds;
  double cpu_seconds;  // user + system, of the child and what it waited for
  long max_rss_kb;
};

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9;
}

Run spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  auto start = Clock::now();
  pid_t pid;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    std::perror(args[0]);
    std::exit(1);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s failed (status %d)\n", args[0], status);
    std::exit(1);
  }
  return {seconds, seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime), usage.ru_maxrss};
}

std::string fresh_dir() {
  char pattern[] = "/tmp/kubestrap-bench-XXXXXX";
  return mkdtemp(pattern);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// "median (min .. max)" of per-round values.
std::string spread(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  char text[96];
  std::snprintf(text, sizeof text, "%6.2f  (rounds %.2f .. %.2f)", v[v.size() / 2], v.front(), v.back());
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 15;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::string binary = KS_BINARY, hard_way = std::string(KS_SOURCE_DIR) + "/bench/pki-the-hard-way.sh";
  std::vector<std::string> node = {
      "--node-name",        "cp1",          "--apiserver-advertise-address",
      "192.168.1.10",       "--cri-socket", "unix:///run/containerd/containerd.sock",
      "--pod-network-cidr", "10.244.0.0/16"};
  std::string ecdsa_config = fresh_dir() + "/ecdsa.yaml";
  if (FILE* f = std::fopen(ecdsa_config.c_str(), "w")) {
    std::fputs(
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nencryptionAlgorithm: ECDSA-P256\n"
        "networking:\n  podSubnet: 10.244.0.0/16\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: "
        "InitConfiguration\n"
        "nodeRegistration:\n  name: cp1\n  criSocket: unix:///run/containerd/containerd.sock\n"
        "localAPIEndpoint:\n  advertiseAddress: 192.168.1.10\n",
        f);
    std::fclose(f);
  }

  std::vector<double> floor, floor_cpu, init_rsa, init_rsa_cpu, hard, init_ecdsa;
  std::vector<double> floor_ratio, hard_ratio, efficiency, cpu_ratio;  // per round
  long peak_rss = 0;
  for (int round = 0; round < rounds; ++round) {
    auto start = Clock::now();
    auto cpu_start = thread_cpu_seconds();
    for (int i = 0; i < kKeys; ++i) ks::certs::generate_key(ks::config::KeyAlgorithm::RSA2048).value();
    floor.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    floor_cpu.push_back(thread_cpu_seconds() - cpu_start);

    std::vector<std::string> b = {binary, "init", "--dry-run", "--root-dir", fresh_dir()};
    b.insert(b.end(), node.begin(), node.end());
    auto rsa = spawn(b);
    init_rsa.push_back(rsa.seconds);
    init_rsa_cpu.push_back(rsa.cpu_seconds);
    peak_rss = std::max(peak_rss, rsa.max_rss_kb);

    hard.push_back(spawn({"/bin/bash", hard_way, fresh_dir()}).seconds);
    floor_ratio.push_back(rsa.seconds / (floor.back() / cores));
    hard_ratio.push_back(hard.back() / rsa.seconds);
    efficiency.push_back(rsa.cpu_seconds / (rsa.seconds * cores));
    cpu_ratio.push_back(rsa.cpu_seconds / floor_cpu.back());
    init_ecdsa.push_back(
        spawn({binary, "init", "--dry-run", "--root-dir", fresh_dir(), "--config", ecdsa_config}).seconds);
    std::fprintf(stderr, "round %d/%d done\n", round + 1, rounds);
  }
  std::string stripped = fresh_dir() + "/kubestrap";
  spawn({"/usr/bin/strip", "-o", stripped, binary});
  struct stat st {};
  stat(stripped.c_str(), &st);

  double a = median(floor), b = median(init_rsa), c = median(hard), d = median(init_ecdsa);
  std::printf("kubestrap init benchmark: %d rounds, %u cores, medians\n", rounds, cores);
  std::printf("(a) floor: %d RSA-2048 keys serially in-process     %8.3f s\n", kKeys, a);
  std::printf("(b) kubestrap init --dry-run, RSA-2048              %8.3f s\n", b);
  std::printf("(c) openssl CLI, same PKI (the hard way)            %8.3f s\n", c);
  std::printf("(d) kubestrap init --dry-run, ECDSA-P256            %8.1f ms\n", d * 1000);
  std::printf("ratio (b) / ((a) / cores)          %6.2f   (target <= 1.15)\n", b / (a / cores));
  std::printf("ratio (c) / (b)                    %6.2f   (target >= 2)\n", c / b);
  std::printf("per round: (b) / ((a) / cores)     %s\n", spread(floor_ratio).c_str());
  std::printf("per round: (c) / (b)               %s\n", spread(hard_ratio).c_str());
  std::printf("(b) CPU time                       %6.3f s   ((a) CPU time %.3f s)\n", median(init_rsa_cpu),
              median(floor_cpu));
  std::printf("(b) parallel efficiency            %s   CPU / (wall x %u cores)\n", spread(efficiency).c_str(),
              cores);
  std::printf("(b) CPU time / (a) CPU time        %s   what init spends beyond the keys\n",
              spread(cpu_ratio).c_str());
  std::printf("stripped binary size               %6.2f MB (target <= 8 MB)\n", st.st_size / 1e6);
  std::printf("peak RSS of (b)                    %6.1f MB\n", peak_rss / 1024.0);
  return 0;
}
