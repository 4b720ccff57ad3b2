// The YAML reader under every YAML kubestrap reads (config files, kubeconfigs, the user's
// KubeletConfiguration), and the writer that puts such values back on disk: what to_yaml writes,
// parse_yaml reads back as the same value (yaml_writer.hpp's promise to quote where YAML would misread).
#include <nlohmann/json.hpp>
#include "base/yaml_reader.hpp"
#include "base/yaml_writer.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto documents = ks::parse_yaml_documents(ks::fuzz::as_text(data, size));
  if (!documents) return 0;
  for (const auto& document : *documents) {
    auto written = ks::to_yaml(document);
    auto read_back = ks::parse_yaml(written);
    ks::fuzz::require(read_back.has_value(), "to_yaml writes YAML that parse_yaml reads");
    ks::fuzz::require(*read_back == document, "parse_yaml(to_yaml(value)) == value");
  }
  return 0;
}
