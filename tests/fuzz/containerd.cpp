// containerd's config.toml as preflight reads it (CRI plugin disabled? runc on the systemd cgroup
// driver?) and as `--fix` rewrites it. A rewritten file must read back as fixed: CRI enabled and
// SystemdCgroup on, which is what the fix promises before restarting containerd.
#include "preflight/containerd_config.hpp"
#include "preflight/text_edits.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using ks::fuzz::require;
  std::string text(ks::fuzz::as_text(data, size));
  auto parsed = ks::preflight::parse_containerd_config(text);
  if (parsed) (void)parsed->disables_cri();
  auto fixed = ks::preflight::containerd_config_for_kubernetes(text);
  if (!fixed) return 0;
  require(parsed.has_value(), "a file the fix accepts is one preflight can read");
  auto reread = ks::preflight::parse_containerd_config(*fixed);
  require(reread.has_value(), "the fixed config.toml parses");
  require(!reread->disables_cri(), "the fixed config.toml enables the CRI plugin");
  require(reread->systemd_cgroup.value_or(false), "the fixed config.toml sets SystemdCgroup = true");
  return 0;
}
