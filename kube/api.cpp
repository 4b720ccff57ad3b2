#include "kube/api.hpp"

#include "base/json_access.hpp"

namespace ks::kube {

namespace {

ApiError transport_error(Error error) {
  ApiError api_error;
  static_cast<Error&>(api_error) = std::move(error);
  return api_error;
}

// The typed calls' common step: the body of a success, the Status of anything else.
ApiResult<nlohmann::json> answer(Api& api, const ApiRequest& request) {
  auto response = api.send(request);
  if (!response) return std::unexpected(transport_error(std::move(response).error()));
  if (!response->ok()) return std::unexpected(api_error(request.method, request.path, *response));
  return std::move(response->body);
}

}  // namespace

ApiError api_error(const std::string& method, const std::string& path, const ApiResponse& response) {
  ApiError error;
  error.status = response.status;
  error.reason = response.reason;
  error.what = method + " " + path;
  error.why = response.message.empty() ? "HTTP " + std::to_string(response.status) : response.message;
  error.why += " (" + (response.reason.empty() ? std::string("HTTP") : response.reason) + ", " +
               std::to_string(response.status) + ")";
  error.fix = response.status == 401   ? "check the credentials in the kubeconfig"
              : response.status == 403 ? "the user lacks an RBAC permission; check its (Cluster)RoleBindings"
                                       : "";
  return error;
}

std::string content_type(PatchType type) {
  switch (type) {
    case PatchType::Strategic:
      return "application/strategic-merge-patch+json";
    case PatchType::Merge:
      return "application/merge-patch+json";
    case PatchType::Json:
      return "application/json-patch+json";
  }
  return "application/strategic-merge-patch+json";
}

Result<ApiResponse> Api::request(const std::string& method, const std::string& path,
                                 const nlohmann::json& body, const std::string& content_type) {
  return send({method, path, body, content_type});
}

ApiResult<nlohmann::json> Api::get(const std::string& path) {
  return answer(*this, {"GET", path});
}

ApiResult<nlohmann::json> Api::list(const std::string& collection) {
  auto list = answer(*this, {"GET", collection});
  if (list && !member(*list, "items").is_array()) {
    ApiError error;
    error.what = "GET " + collection;
    error.why = "the answer is not a list (no \"items\" array)";
    return std::unexpected(error);
  }
  return list;
}

ApiResult<nlohmann::json> Api::create(const std::string& collection, const nlohmann::json& object) {
  return answer(*this, {"POST", collection, object});
}

ApiResult<nlohmann::json> Api::update(const std::string& path, const nlohmann::json& object) {
  return answer(*this, {"PUT", path, object});
}

ApiResult<nlohmann::json> Api::patch(const std::string& path, const nlohmann::json& patch, PatchType type) {
  return answer(*this, {"PATCH", path, patch, content_type(type)});
}

ApiResult<void> Api::remove(const std::string& path) {
  auto removed = answer(*this, {"DELETE", path});
  if (!removed && !removed.error().is(404)) return std::unexpected(removed.error());
  return {};
}

ApiResult<nlohmann::json> Api::create_or_update(const std::string& collection, const nlohmann::json& object) {
  auto created = create(collection, object);
  if (created || !created.error().is(409)) return created;
  return update(collection + "/" + string_member(member(object, "metadata"), "name"), object);
}

}  // namespace ks::kube
