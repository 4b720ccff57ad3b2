// Time values read from configuration and the cluster: Go durations ("8760h0m0s", the config's
// timeouts, --token-ttl) and RFC 3339 times (a bootstrap token Secret's expiration). What kubestrap
// formats from a parsed value must parse again.
#include "base/duration.hpp"
#include "base/rfc3339.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = ks::fuzz::as_text(data, size);
  if (auto duration = ks::parse_go_duration(text)) {
    (void)ks::format_elapsed(*duration);
    ks::fuzz::require(ks::parse_go_duration(ks::format_go_duration(*duration)).has_value(),
                      "format_go_duration writes a duration parse_go_duration reads");
  }
  if (auto time = ks::parse_rfc3339(text))
    ks::fuzz::require(ks::parse_rfc3339(ks::format_rfc3339(*time)).has_value(),
                      "format_rfc3339 writes a time parse_rfc3339 reads");
  return 0;
}
