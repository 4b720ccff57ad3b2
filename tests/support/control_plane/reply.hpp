#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ks::standin {

// An HTTP answer: the status code, a JSON body (an object, a list or a Status) and the warnings
// kube-apiserver sends as `Warning: 299 - "<text>"` headers.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::vector<std::string> warnings = {};
};

Reply status_reply(int code, const std::string& reason, const std::string& message,
                   const nlohmann::json& details = nullptr);

}  // namespace ks::standin
