// The line edits `--fix` makes to host files it did not write: /etc/fstab (swap lines commented out),
// /etc/sysctl.d and /etc/modules-load.d files (a line ensured), the Raspberry Pi's cmdline.txt (kernel
// arguments added). text_edits.hpp promises each edit is idempotent: a second edit changes nothing.
#include "preflight/text_edits.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ks::fuzz::require;
  namespace preflight = ks::preflight;
  std::string text(ks::fuzz::as_text(data, size));

  auto fstab = preflight::comment_out_swap_lines(text);
  require(preflight::comment_out_swap_lines(fstab) == fstab, "commenting out swap lines is idempotent");

  auto sysctl = preflight::ensure_line(text, "net.ipv4.ip_forward = 1", "net.ipv4.ip_forward");
  require(preflight::ensure_line(sysctl, "net.ipv4.ip_forward = 1", "net.ipv4.ip_forward") == sysctl,
          "ensuring a sysctl line is idempotent");
  auto modules = preflight::ensure_line(text, "br_netfilter");
  require(preflight::ensure_line(modules, "br_netfilter") == modules, "ensuring a module line is idempotent");

  const std::vector<std::string> arguments = {"cgroup_enable=memory", "cgroup_memory=1"};
  auto cmdline = preflight::add_kernel_arguments(text, arguments);
  require(preflight::add_kernel_arguments(cmdline, arguments) == cmdline,
          "adding kernel arguments is idempotent");
  return 0;
}
