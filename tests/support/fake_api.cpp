#include "tests/support/fake_api.hpp"

#include <algorithm>

#include "base/json_access.hpp"

namespace ks::testing {

using nlohmann::json;

namespace {

// A request path taken apart: /api/v1/namespaces/kube-system/configmaps/x ->
// {"/api/v1", "kube-system", "configmaps", "x"}.
struct Target {
  std::string prefix, namespace_, resource, name;
  bool valid = false;
  std::string collection() const {
    return prefix + (namespace_.empty() ? "" : "/namespaces/" + namespace_) + "/" + resource;
  }
  std::string object() const { return collection() + "/" + name; }
};

Target parse_target(std::string path) {
  path = path.substr(0, path.find('?'));
  std::vector<std::string> parts;
  for (size_t start = 1, end; start <= path.size(); start = end + 1) {
    end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
  }
  Target target;
  size_t rest;
  if (parts.size() >= 2 && parts[0] == "api") {
    target.prefix = "/api/" + parts[1];
    rest = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    target.prefix = "/apis/" + parts[1] + "/" + parts[2];
    rest = 3;
  } else {
    return target;
  }
  std::vector<std::string> tail(parts.begin() + static_cast<long>(rest), parts.end());
  if (tail.size() >= 3 && tail[0] == "namespaces") {
    target.namespace_ = tail[1];
    tail.erase(tail.begin(), tail.begin() + 2);
  }
  if (tail.empty() || tail.size() > 2) return target;
  target.resource = tail[0];
  if (tail.size() == 2) target.name = tail[1];
  target.valid = !target.resource.empty();
  return target;
}

std::string plural(const std::string& kind) {
  std::string lower;
  for (char c : kind) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with("s") ? lower : lower + "s";
}

std::string verb(const std::string& method, const Target& target) {
  if (method == "GET") return target.name.empty() ? "list" : "get";
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  return "delete";
}

kube::ApiResponse status(int code, const std::string& reason, const std::string& message,
                         const Target& target = {}) {
  json body = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
               {"status", "Failure"}, {"message", message}, {"reason", reason},
               {"code", code}};
  if (!target.resource.empty()) body["details"] = {{"name", target.name}, {"kind", target.resource}};
  return {code, body, reason, message};
}

kube::ApiResponse ok(int code, json body) {
  return {code, std::move(body), "", ""};
}

// The fake's side of the seam: every request goes to the cluster as this kubeconfig's user.
class FakeApi final : public kube::Api {
 public:
  FakeApi(FakeCluster& cluster, kube::Kubeconfig kubeconfig)
      : cluster_(cluster), kubeconfig_(std::move(kubeconfig)) {}
  Result<kube::ApiResponse> send(const kube::ApiRequest& request) override {
    ++sent_;
    return cluster_.handle(kubeconfig_.user_name, request);
  }
  Status watch(const std::string& path,
               const std::function<bool(const kube::WatchEvent&)>& on_event) override {
    ++sent_;
    auto list = cluster_.handle(kubeconfig_.user_name, {"GET", path});
    if (!list.ok()) return failure("watch " + path, list.message);
    for (const auto& item : list.body["items"])
      if (!on_event({"ADDED", item})) return {};
    return {};
  }
  const kube::Kubeconfig& kubeconfig() const override { return kubeconfig_; }
  int requests_sent() const override { return sent_; }

 private:
  FakeCluster& cluster_;
  kube::Kubeconfig kubeconfig_;
  int sent_ = 0;
};

}  // namespace

FakeCluster::FakeCluster() : namespaces_{"default", "kube-system", "kube-public", "kube-node-lease"} {}

void FakeCluster::forbid(const std::string& user, const std::string& method, const std::string& path_prefix) {
  denials_.push_back({user, method, path_prefix});
}

void FakeCluster::fail_next(const std::string& method, const std::string& path, int code) {
  failures_.emplace_back(method, path, code);
}

void FakeCluster::put(json object) {
  std::string api_version = string_member(object, "apiVersion", "v1");
  std::string prefix =
      api_version.find('/') == std::string::npos ? "/api/" + api_version : "/apis/" + api_version;
  auto namespace_ = string_member(member(object, "metadata"), "namespace");
  auto path = prefix + (namespace_.empty() ? "" : "/namespaces/" + namespace_) + "/" +
              plural(string_member(object, "kind")) + "/" + string_member(member(object, "metadata"), "name");
  object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
  objects_[path] = std::move(object);
}

json FakeCluster::find(const std::string& path) const {
  auto it = objects_.find(path);
  return it == objects_.end() ? json() : it->second;
}

std::vector<std::string> FakeCluster::request_lines() const {
  std::vector<std::string> lines;
  for (const auto& request : requests) lines.push_back(request.line());
  return lines;
}

std::unique_ptr<kube::Api> FakeCluster::connect(const kube::Kubeconfig& kubeconfig) {
  return std::make_unique<FakeApi>(*this, kubeconfig);
}

kube::ApiResponse FakeCluster::handle(const std::string& user, const kube::ApiRequest& request) {
  RecordedRequest recorded{user, request.method, request.path, request.body, request.content_type, 0};
  if (before_answer) before_answer(recorded);
  auto response = answer(user, request);
  recorded.status = response.status;
  requests.push_back(std::move(recorded));
  return response;
}

kube::ApiResponse FakeCluster::answer(const std::string& user, const kube::ApiRequest& request) {
  for (auto it = failures_.begin(); it != failures_.end(); ++it)
    if (std::get<0>(*it) == request.method && std::get<1>(*it) == request.path) {
      int code = std::get<2>(*it);
      failures_.erase(it);
      return status(code, code == 429 ? "TooManyRequests" : "InternalError", "injected failure");
    }
  // Who am I: the one review every user may create, answered with the requester's name.
  if (request.method == "POST" && request.path == "/apis/authentication.k8s.io/v1/selfsubjectreviews")
    return ok(201, {{"apiVersion", "authentication.k8s.io/v1"},
                    {"kind", "SelfSubjectReview"},
                    {"metadata", json::object()},
                    {"status", {{"userInfo", {{"username", user}}}}}});
  auto target = parse_target(request.path);
  if (!target.valid) return status(404, "NotFound", "the server could not find the requested resource");
  for (const auto& denial : denials_)
    if (denial.user == user && denial.method == request.method &&
        request.path.starts_with(denial.path_prefix))
      return status(
          403, "Forbidden",
          target.resource + " \"" + target.name + "\" is forbidden: User \"" + user + "\" cannot " +
              verb(request.method, target) + " resource \"" + target.resource + "\" in API group \"" +
              (target.prefix.starts_with("/apis/") ? target.prefix.substr(6, target.prefix.rfind('/') - 6)
                                                   : "") +
              "\"" +
              (target.namespace_.empty() ? std::string(" at the cluster scope")
                                         : " in the namespace \"" + target.namespace_ + "\""),
          target);
  if (!target.namespace_.empty() && !namespaces_.contains(target.namespace_))
    return status(404, "NotFound", "namespaces \"" + target.namespace_ + "\" not found",
                  {"", "", "namespaces", target.namespace_, true});

  auto not_found = [&] {
    return status(404, "NotFound", target.resource + " \"" + target.name + "\" not found", target);
  };
  const auto& body = request.body;
  auto body_name = string_member(member(body, "metadata"), "name");
  auto check_body = [&]() -> std::optional<kube::ApiResponse> {
    if (!body.is_object()) return status(400, "BadRequest", "the body of the request is not a JSON object");
    if (plural(string_member(body, "kind")) != target.resource)
      return status(400, "BadRequest",
                    "the kind \"" + string_member(body, "kind") + "\" does not belong in " + target.resource);
    auto body_namespace = string_member(member(body, "metadata"), "namespace");
    if (!body_namespace.empty() && body_namespace != target.namespace_)
      return status(400, "BadRequest",
                    "the namespace of the provided object does not match the namespace sent on the request");
    if (body_name.empty())
      return status(422, "Invalid",
                    target.resource +
                        " \"\" is invalid: metadata.name: Required value: name or generateName is required");
    return std::nullopt;
  };
  auto stored = [&](json object) {
    if (!target.namespace_.empty()) object["metadata"]["namespace"] = target.namespace_;
    object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
    if (!member(object["metadata"], "uid").is_string())
      object["metadata"]["uid"] = "uid-" + std::to_string(resource_version_);
    return object;
  };

  if (request.method == "GET") {
    if (!target.name.empty()) {
      auto it = objects_.find(target.object());
      return it == objects_.end() ? not_found() : ok(200, it->second);
    }
    json items = json::array();
    auto collection = target.collection() + "/";
    // The field selector kubestrap sends: a Secret's type (kube-apiserver's Secret field set), URL-encoded.
    std::string wanted_type;
    if (auto at = request.path.find("fieldSelector=type%3D"); at != std::string::npos)
      wanted_type = request.path.substr(at + 21, request.path.find('&', at) - at - 21);
    for (const auto& [path, object] : objects_)
      if (path.starts_with(collection) && path.find('/', collection.size()) == std::string::npos &&
          (wanted_type.empty() || string_member(object, "type") == wanted_type))
        items.push_back(object);
    return ok(200, {{"kind", "List"},
                    {"apiVersion", "v1"},
                    {"metadata", {{"resourceVersion", std::to_string(resource_version_)}}},
                    {"items", items}});
  }
  if (request.method == "POST") {
    if (!target.name.empty())
      return status(405, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource");
    if (auto refused = check_body()) return *refused;
    target.name = body_name;
    if (!string_member(member(body, "metadata"), "resourceVersion").empty())
      // The storage layer's plain error, which kube-apiserver answers as an internal error
      // (k8s.io/apiserver/pkg/storage/etcd3/store.go, Create).
      return status(500, "InternalError",
                    "Internal error occurred: resourceVersion should not be set on objects to be created");
    if (objects_.contains(target.object()))
      return status(409, "AlreadyExists", target.resource + " \"" + target.name + "\" already exists",
                    target);
    auto object = stored(body);
    objects_[target.object()] = object;
    return ok(201, object);
  }
  if (target.name.empty())
    return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  auto it = objects_.find(target.object());
  if (it == objects_.end()) return not_found();
  if (request.method == "PUT") {
    if (auto refused = check_body()) return *refused;
    if (body_name != target.name)
      return status(400, "BadRequest",
                    "the name of the object (" + body_name + ") does not match the name on the URL (" +
                        target.name + ")");
    auto version = string_member(member(body, "metadata"), "resourceVersion");
    if (!version.empty() && version != string_member(it->second["metadata"], "resourceVersion"))
      return status(409, "Conflict",
                    "Operation cannot be fulfilled on " + target.resource + " \"" + target.name +
                        "\": the object has been modified; please apply your changes to the latest version "
                        "and try again",
                    target);
    auto object = body;
    object["metadata"]["uid"] = it->second["metadata"]["uid"];
    it->second = stored(object);
    return ok(200, it->second);
  }
  // A strategic merge patch is applied as a JSON merge patch: maps merge, lists are replaced. kubestrap
  // sends whole lists (a Node's taints), for which the two agree.
  if (request.method == "PATCH") {
    if (request.content_type != kube::content_type(kube::PatchType::Strategic) &&
        request.content_type != kube::content_type(kube::PatchType::Merge))
      return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format");
    if (!body.is_object()) return status(400, "BadRequest", "the patch is not a JSON object");
    auto object = it->second;
    object.merge_patch(body);
    it->second = stored(object);
    return ok(200, it->second);
  }
  if (request.method == "DELETE") {
    objects_.erase(it);
    return ok(200, {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Success"}});
  }
  return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

}  // namespace ks::testing
