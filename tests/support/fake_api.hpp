// An in-memory Kubernetes API for in-process tests of the phases: it stores the objects kubestrap
// touches and answers as kube-apiserver does along those paths (201 on create, 409 AlreadyExists, 404
// NotFound with the namespace checked, resourceVersion bumped on every write and checked on update, 403
// from a table of forbidden requests, Status bodies of the real shape), and records every request with
// the user that sent it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "kube/api.hpp"

namespace ks::testing {

struct RecordedRequest {
  std::string user;
  std::string method;
  std::string path;
  nlohmann::json body;
  std::string content_type;
  int status = 0;
  std::string line() const { return method + " " + path; }  // "POST /api/v1/namespaces/x/configmaps"
};

class FakeCluster {
 public:
  FakeCluster();

  // Requests by `user` with this method whose path starts with `path_prefix` are answered 403.
  void forbid(const std::string& user, const std::string& method, const std::string& path_prefix);
  // The next request with this method and path is answered with `status` (a 500, a 429) instead.
  void fail_next(const std::string& method, const std::string& path, int status);
  // Stores an object as a component would (the kubelet registering its Node).
  void put(nlohmann::json object);
  // The stored object at an object path, or null.
  nlohmann::json find(const std::string& path) const;
  // Called before each request is answered (to make a Node appear after a few polls, say).
  std::function<void(const RecordedRequest&)> before_answer;

  kube::ApiResponse handle(const std::string& user, const kube::ApiRequest& request);
  std::unique_ptr<kube::Api> connect(const kube::Kubeconfig& kubeconfig);

  std::vector<RecordedRequest> requests;
  // Just the "METHOD path" of every request, in order.
  std::vector<std::string> request_lines() const;

 private:
  kube::ApiResponse answer(const std::string& user, const kube::ApiRequest& request);

  struct Denial {
    std::string user, method, path_prefix;
  };
  std::map<std::string, nlohmann::json> objects_;  // by object path
  std::set<std::string> namespaces_;
  std::vector<Denial> denials_;
  std::vector<std::tuple<std::string, std::string, int>> failures_;
  int resource_version_ = 100;
};

// Connects every kubeconfig to one FakeCluster, as its user.
class FakeApiFactory : public kube::ApiFactory {
 public:
  explicit FakeApiFactory(FakeCluster& cluster) : cluster_(cluster) {}
  Result<std::unique_ptr<kube::Api>> connect(const kube::Kubeconfig& kubeconfig) override {
    return cluster_.connect(kubeconfig);
  }

 private:
  FakeCluster& cluster_;
};

}  // namespace ks::testing
