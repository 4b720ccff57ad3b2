#include <cxxopts.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/version.hpp"  // generated
#include "config/constants.hpp"

namespace ks::cli {

int run_version(std::span<char*> args) {
  cxxopts::Options options("kubestrap version", "Print the version of kubestrap and what it installs");
  options.add_options()("o,output", "Output format: text or json",
                        cxxopts::value<std::string>()->default_value("text"))("h,help", "Show this help");
  auto requested = requested_output(args);
  try {
    auto parsed = options.parse(static_cast<int>(args.size()), args.data());
    if (parsed.count("help")) {
      std::cout << options.help();
      return 0;
    }
    auto format = parse_output_format(parsed["output"].as<std::string>());
    if (!format) return report_error(format.error(), requested);
    if (*format == OutputFormat::Json) {
      nlohmann::json document = {{"kubestrapVersion", kVersion},
                                 {"kubernetesVersion", constants::kDefaultKubernetesVersion},
                                 {"etcdVersion", constants::kEtcdVersion},
                                 {"configAPIVersion", "kubeadm.k8s.io/v1beta4"}};
      std::cout << json_text(document) << '\n';
    } else {
      std::cout << "kubestrap " << kVersion << " (installs Kubernetes "
                << constants::kDefaultKubernetesVersion << ")\n";
    }
    return 0;
  } catch (const cxxopts::exceptions::exception& e) {
    return report_error(flag_error("kubestrap version", e), requested);
  }
}

}  // namespace ks::cli
