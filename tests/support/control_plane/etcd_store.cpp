#include "tests/support/control_plane/etcd_store.hpp"

#include "base/base64.hpp"
#include "base/json_access.hpp"

namespace ks::standin {

namespace {

std::string b64(const std::string& text) {
  return base64_encode(text);
}

// The key just past every key that starts with `prefix`: etcd's range_end for a prefix scan.
std::string prefix_end(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

int64_t number(const nlohmann::json& value) {
  if (value.is_string()) return std::stoll(value.get<std::string>());
  if (value.is_number()) return value.get<int64_t>();
  return 0;
}

}  // namespace

Result<StoredObject> decode_etcd_kv(const nlohmann::json& kv) {
  auto key = base64_decode(kv.value("key", ""));
  auto value = base64_decode(kv.value("value", ""));
  if (!key || !value) return failure("reading etcd's answer", "a key or value is not base64");
  StoredObject stored{*key, nlohmann::json::parse(*value, nullptr, false),
                      number(member(kv, "mod_revision"))};
  if (stored.object.is_discarded()) return failure("reading " + *key + " from etcd", "the value is not JSON");
  stored.object["metadata"]["resourceVersion"] = std::to_string(stored.revision);
  return stored;
}

namespace {

std::string stored_form(nlohmann::json object) {
  if (object.contains("metadata")) object["metadata"].erase("resourceVersion");
  return object.dump();
}

kube::Kubeconfig etcd_endpoint(std::string server, std::string ca_pem, std::string cert_pem,
                               std::string key_pem) {
  kube::Kubeconfig endpoint;
  endpoint.server = std::move(server);
  endpoint.ca_pem = std::move(ca_pem);
  endpoint.client_certificate_pem = std::move(cert_pem);
  endpoint.client_key_pem = std::move(key_pem);
  return endpoint;
}
}  // namespace

EtcdStore::EtcdStore(std::string server, std::string ca_pem, std::string cert_pem, std::string key_pem)
    : endpoint_(etcd_endpoint(std::move(server), std::move(ca_pem), std::move(cert_pem), std::move(key_pem))),
      client_(endpoint_, clock_, {.timeout = std::chrono::seconds(10)}) {}

Result<nlohmann::json> EtcdStore::call(const std::string& path, const nlohmann::json& body) {
  auto response = KS_TRY(client_.request("POST", path, body));
  if (!response.ok())
    return failure("etcd " + path, "HTTP " + std::to_string(response.status) + ": " + response.body.dump());
  return response.body;
}

Result<std::optional<StoredObject>> EtcdStore::get(const std::string& key) {
  auto answer = KS_TRY(call("/v3/kv/range", {{"key", b64(key)}}));
  if (!answer.contains("kvs") || answer["kvs"].empty()) return std::optional<StoredObject>{};
  return std::optional<StoredObject>(KS_TRY(decode_etcd_kv(answer["kvs"][0])));
}

Result<std::vector<StoredObject>> EtcdStore::list(const std::string& prefix) {
  auto answer = KS_TRY(call("/v3/kv/range", {{"key", b64(prefix)}, {"range_end", b64(prefix_end(prefix))}}));
  std::vector<StoredObject> objects;
  for (const auto& kv : answer.value("kvs", nlohmann::json::array()))
    objects.push_back(KS_TRY(decode_etcd_kv(kv)));
  return objects;
}

Result<EtcdStore::Snapshot> EtcdStore::snapshot(const std::string& prefix, int64_t revision) {
  nlohmann::json range = {{"key", b64(prefix)}, {"range_end", b64(prefix_end(prefix))}};
  if (revision > 0) range["revision"] = std::to_string(revision);
  auto answer = KS_TRY(call("/v3/kv/range", range));
  Snapshot snapshot;
  snapshot.revision = number(answer["header"]["revision"]);
  for (const auto& kv : answer.value("kvs", nlohmann::json::array()))
    snapshot.objects.push_back(KS_TRY(decode_etcd_kv(kv)));
  return snapshot;
}

Result<std::optional<int64_t>> EtcdStore::create(const std::string& key, const nlohmann::json& object) {
  nlohmann::json txn = {
      {"compare", {{{"key", b64(key)}, {"target", "CREATE"}, {"result", "EQUAL"}, {"create_revision", "0"}}}},
      {"success", {{{"request_put", {{"key", b64(key)}, {"value", b64(stored_form(object))}}}}}}};
  auto answer = KS_TRY(call("/v3/kv/txn", txn));
  if (!answer.value("succeeded", false)) return std::optional<int64_t>{};
  wrote(number(answer["header"]["revision"]));
  return std::optional<int64_t>(number(answer["header"]["revision"]));
}

Result<std::optional<int64_t>> EtcdStore::update(const std::string& key, const nlohmann::json& object,
                                                 int64_t revision) {
  nlohmann::json compare = {{"key", b64(key)}, {"result", "EQUAL"}};
  if (revision > 0) {
    compare["target"] = "MOD";
    compare["mod_revision"] = std::to_string(revision);
  } else {
    compare["target"] = "CREATE";
    compare["result"] = "GREATER";
    compare["create_revision"] = "0";
  }
  nlohmann::json txn = {
      {"compare", {compare}},
      {"success", {{{"request_put", {{"key", b64(key)}, {"value", b64(stored_form(object))}}}}}}};
  auto answer = KS_TRY(call("/v3/kv/txn", txn));
  if (!answer.value("succeeded", false)) return std::optional<int64_t>{};
  wrote(number(answer["header"]["revision"]));
  return std::optional<int64_t>(number(answer["header"]["revision"]));
}

Result<std::optional<StoredObject>> EtcdStore::remove(const std::string& key) {
  auto answer = KS_TRY(call("/v3/kv/deleterange", {{"key", b64(key)}, {"prev_kv", true}}));
  if (!answer.contains("prev_kvs") || answer["prev_kvs"].empty()) return std::optional<StoredObject>{};
  wrote(number(answer["header"]["revision"]));
  return std::optional<StoredObject>(KS_TRY(decode_etcd_kv(answer["prev_kvs"][0])));
}

void EtcdStore::wrote(int64_t revision) {
  auto seen = last_write_.load();
  while (seen < revision && !last_write_.compare_exchange_weak(seen, revision)) {
  }
}

Result<std::string> EtcdStore::version() {
  kube::ApiClient client(endpoint_, clock_, {.timeout = std::chrono::seconds(2)});
  auto response = KS_TRY(client.request("GET", "/version"));
  return response.body.value("etcdserver", "");
}

}  // namespace ks::standin
