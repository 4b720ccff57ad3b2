#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "host/clock.hpp"
#include "kube/api_client.hpp"

namespace ks::standin {

// An object as etcd holds it; the revision that last wrote it is its resourceVersion.
struct StoredObject {
  std::string key;
  nlohmann::json object;
  int64_t revision = 0;
};

// A key-value of etcd's JSON answers (base64 key and value) as a stored object.
Result<StoredObject> decode_etcd_kv(const nlohmann::json& kv);

// Objects kept in a real etcd through its v3 JSON gateway (/v3/kv/*), with the client certificate the
// API server's --etcd-certfile/--etcd-keyfile name, as kube-apiserver keeps them under /registry/.
class EtcdStore {
 public:
  EtcdStore(std::string server, std::string ca_pem, std::string cert_pem, std::string key_pem);

  Result<std::optional<StoredObject>> get(const std::string& key);
  Result<std::vector<StoredObject>> list(const std::string& prefix);
  // Every object under the prefix as etcd held them at `revision` (0: now), and that revision; a revision
  // etcd has compacted away is an error whose message says "compacted".
  struct Snapshot {
    std::vector<StoredObject> objects;
    int64_t revision = 0;
  };
  Result<Snapshot> snapshot(const std::string& prefix, int64_t revision);
  // Writes only if the key is absent; nullopt when it exists.
  Result<std::optional<int64_t>> create(const std::string& key, const nlohmann::json& object);
  // Writes only if the key was last written at `revision` (0: any); nullopt on a lost race or absence.
  Result<std::optional<int64_t>> update(const std::string& key, const nlohmann::json& object,
                                        int64_t revision);
  Result<std::optional<StoredObject>> remove(const std::string& key);
  Result<std::string> version();

  // Where etcd is and the client certificate to reach it with (for a watch of its own).
  const kube::Kubeconfig& endpoint() const { return endpoint_; }
  // The newest revision a write through this store made (0 before any): a cache that has seen it has seen
  // every write this server answered.
  int64_t last_write_revision() const { return last_write_.load(); }

 private:
  Result<nlohmann::json> call(const std::string& path, const nlohmann::json& body);
  void wrote(int64_t revision);
  host::SystemClock clock_;
  kube::Kubeconfig endpoint_;
  kube::ApiClient client_;  // one kept connection to etcd, as kube-apiserver keeps its gRPC channel
  std::atomic<int64_t> last_write_ = 0;
};

}  // namespace ks::standin
