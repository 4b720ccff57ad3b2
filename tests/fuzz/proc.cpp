// The kernel files preflight and host defaults read (/proc/self/status, cpuinfo, meminfo, swaps,
// sys/kernel/osrelease, cgroups, net/tcp[6], net/route, net/ipv6_route): every parser gets the same
// input, as a file captured from an odd or future kernel would reach each.
#include "host/network.hpp"
#include "preflight/proc_parsers.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace preflight = ks::preflight;
  std::string text(ks::fuzz::as_text(data, size));
  (void)preflight::effective_uid(text);
  (void)preflight::count_processors(text);
  (void)preflight::mem_total_kib(text);
  (void)preflight::active_swaps(text);
  (void)preflight::kernel_version(text);
  (void)preflight::cgroup_v1_subsystems(text);
  (void)preflight::listening_ports(text);
  (void)ks::host::parse_ipv4_default_routes(text);
  (void)ks::host::parse_ipv6_default_routes(text);
  return 0;
}
