#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace ks::standin {

// How the components report a failed start (staging/src/k8s.io/component-base/cli/run.go): an error
// met while cobra reads the command line, before logging is set up, is printed as "Error: <text>"
// after the usage; any later one (a bad --controllers, the kubelet's own flag parse) is a klog line
//   E1202 14:10:24.123456   12345 run.go:72] "command failed" err="<text>"
void print_usage_error(std::ostream& out, const std::string& component, const std::string& text);
void log_command_failed(std::ostream& out, const std::string& text,
                        std::chrono::system_clock::time_point now);

// Cobra's Args check in each control-plane command: no positional words.
std::string no_arguments_error(const std::string& component, const std::vector<std::string>& arguments);

}  // namespace ks::standin
