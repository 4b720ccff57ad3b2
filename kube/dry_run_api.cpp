#include "kube/dry_run_api.hpp"

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "base/yaml_writer.hpp"

namespace ks::kube {

Result<ApiResponse> DryRunApi::send(const ApiRequest& request) {
  std::string text = "Would " + request.method + " " + request.path;
  if (!request.body.is_null()) {
    auto shown = request.body;
    if (string_member(shown, "kind") == "Secret" && member(shown, "data").is_object())
      for (auto& [key, value] : shown["data"].items()) value = "<value withheld>";
    text += "\n" + to_yaml(shown);
  }
  print_(std::string(trim(text)));
  ApiResponse response;
  response.status = request.method == "POST" ? 201 : 200;
  if (!request.body.is_null()) {
    response.body = request.body;
  } else {
    auto name = request.path.substr(request.path.rfind('/') + 1);
    response.body = {{"metadata", {{"name", name.substr(0, name.find('?'))}}},
                     {"items", nlohmann::json::array()}};
  }
  return response;
}

Status DryRunApi::watch(const std::string& path, const std::function<bool(const WatchEvent&)>&) {
  print_("Would watch " + path);
  return {};
}

}  // namespace ks::kube
