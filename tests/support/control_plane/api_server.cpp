#include "tests/support/control_plane/api_server.hpp"

#include <httplib.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "base/json_access.hpp"
#include "base/strings.hpp"
#include "tests/support/control_plane/api_server_endpoints.hpp"
#include "tests/support/control_plane/authenticator.hpp"
#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/faults.hpp"
#include "tests/support/control_plane/field_errors.hpp"
#include "tests/support/control_plane/go_strconv.hpp"
#include "tests/support/control_plane/node_authorizer.hpp"
#include "tests/support/control_plane/protobuf_body.hpp"
#include "tests/support/control_plane/rbac_escalation.hpp"
#include "tests/support/control_plane/registry.hpp"
#include "tests/support/control_plane/registry_controllers.hpp"
#include "tests/support/control_plane/request_target.hpp"
#include "tests/support/control_plane/review_endpoints.hpp"
#include "tests/support/control_plane/scale_subresource.hpp"
#include "tests/support/control_plane/table.hpp"
#include "tests/support/control_plane/watch.hpp"
#include "tests/support/go_like_server.hpp"

namespace ks::standin {

namespace {

class Server {
 public:
  Server(const Flags& flags, std::string version, EtcdStore& store, std::optional<Cidr> service_range,
         std::vector<std::string> modes, Admission admission)
      : flags_(flags),
        version_(std::move(version)),
        store_(store),
        registry_(store, service_range),
        modes_(std::move(modes)),
        admission_(std::move(admission)) {
    authentication_.bootstrap_tokens = flags_.get("enable-bootstrap-token-auth") == "true";
    authentication_.anonymous = flags_.get("anonymous-auth", "true") != "false";
    registry_.set_admission([this](const AdmissionRequest& request) -> std::optional<Reply> {
      auto may = [this](const UserInfo& u, const Attributes& a) { return allowed(u, a); };
      if (auto problem = rbac_escalation_problem(request, objects(), may))
        return forbidden_write(request, *problem);
      return admission_.admit(request, may, objects());
    });
  }

  Faults& faults() { return faults_; }
  Registry& registry() { return registry_; }
  std::atomic<bool> ready = false;

  void serve(const httplib::Request& raw, httplib::Response& response) {
    Request request{raw.method, raw.path, raw.get_header_value("Content-Type"), nullptr, raw};
    if (!raw.body.empty()) {
      if (request.content_type.starts_with("application/vnd.kubernetes.protobuf")) {
        auto decoded = decode_protobuf_object(raw.body);
        if (!decoded)
          return send(response,
                      status_reply(415, "UnsupportedMediaType",
                                   "the body of the request was in an unknown format - accepted media "
                                   "types include: application/json, application/yaml"));
        request.body = *decoded;
      } else {
        request.body = nlohmann::json::parse(raw.body, nullptr, false);
      }
      if (request.body.is_discarded()) {
        // kubectl may send YAML only with explicit flags; the clients here send JSON.
        return send(response, status_reply(400, "BadRequest", "the request body is not JSON"));
      }
    }
    bool api = raw.path.starts_with("/api");
    if (api) {
      auto fault = faults_.next();
      if (fault.delay.count() > 0) std::this_thread::sleep_for(fault.delay);
      if (fault.drop) {
        // Close the connection under the client's feet: it sees no answer at all.
        if (raw.ssl) ::shutdown(SSL_get_fd(const_cast<SSL*>(raw.ssl)), SHUT_RDWR);
        return;
      }
      if (fault.status != 0) {
        if (fault.status == 429) response.set_header("Retry-After", "1");
        return send(response, status_reply(fault.status,
                                           fault.status == 429   ? "TooManyRequests"
                                           : fault.status == 409 ? "Conflict"
                                                                 : "InternalError",
                                           "injected fault"));
      }
    }
    bool rejected = false;
    UserInfo user = authenticate(raw, authentication_, registry_, rejected);
    if (rejected) return send(response, status_reply(401, "Unauthorized", "Unauthorized"));
    if (raw.has_header("Impersonate-User")) {
      auto impersonated =
          impersonate(raw, user, [this](const UserInfo& u, const Attributes& a) { return allowed(u, a); });
      if (!impersonated)
        return send(response, status_reply(403, "Forbidden", impersonated.error().message()));
      user = *impersonated;
    }
    send(response, handle(request, user, response));
  }

 private:
  void send(httplib::Response& response, const Reply& reply) {
    if (reply.status == kAnswered) return;
    response.status = reply.status;
    // warning.AddWarning in staging/src/k8s.io/apiserver/pkg/warning: `299 - "<text>"`, text Go-quoted.
    for (const auto& warning : reply.warnings) response.set_header("Warning", "299 - " + go_quote(warning));
    if (reply.body.is_string())
      response.set_content(reply.body.get<std::string>(), "text/plain; charset=utf-8");
    else
      response.set_content(reply.body.dump(), "application/json");
  }

  Decision decide(const UserInfo& user, const Attributes& attributes) {
    return authorize(modes_, user, attributes, objects());
  }
  // The stored objects authorization reads (RBAC's roles and bindings, the node authorizer's pods).
  ObjectSource objects() {
    return [this](const std::string& resource) { return registry_.all(resource); };
  }
  bool allowed(const UserInfo& user, const Attributes& attributes) {
    return decide(user, attributes).allowed();
  }

  // A reply already written to the response (a watch streams its own).
  static constexpr int kAnswered = -1;

  Reply handle(const Request& request, const UserInfo& user, httplib::Response& response) {
    const auto& path = request.path;
    auto target = parse_target(path);
    if (!target.resource) {
      if (target.malformed)
        return status_reply(404, "NotFound", "the server could not find the requested resource");
      Attributes attributes{"get", false, "", "", "", "", "", path};
      if (request.method != "GET" && !path.starts_with("/standin/"))
        return status_reply(405, "MethodNotAllowed", "method not allowed");
      if (path.starts_with("/standin/")) attributes.verb = to_lower(request.method);
      if (auto decision = decide(user, attributes); !decision.allowed())
        return status_reply(403, "Forbidden", forbidden_message(user, attributes, target, decision.reason));
      return non_resource(request);
    }
    Attributes attributes{verb_for(request.method, target, request.raw),
                          true,
                          target.resource->group,
                          target.resource->name,
                          target.subresource,
                          target.namespace_,
                          target.name,
                          ""};
    if (target.resource->name == "namespaces") attributes.namespace_ = target.name;
    if (attributes.verb == "list" || attributes.verb == "watch") {
      attributes.field_selector = request.raw.get_param_value("fieldSelector");
      attributes.name = selected_name(attributes.field_selector);
    }
    if (auto decision = decide(user, attributes); !decision.allowed())
      return status_reply(403, "Forbidden", forbidden_message(user, attributes, target, decision.reason));
    if (target.resource->registry.empty()) {
      if (target.resource->name == "selfsubjectreviews") return who_am_i(user);
      if (target.resource->name == "selfsubjectrulesreviews")
        return rules_review(request.body, user, objects(), std::ranges::find(modes_, "Node") != modes_.end());
      return access_review(request.body, *target.resource, user,
                           [this](const UserInfo& u, const Attributes& a) { return allowed(u, a); });
    }
    const auto& resource = *target.resource;
    auto ns = target.namespace_;
    if (attributes.verb == "watch") {
      auto label = request.raw.get_param_value("labelSelector"),
           field = request.raw.get_param_value("fieldSelector");
      auto timeout = parse_integer<int64_t>(request.raw.get_param_value("timeoutSeconds")).value_or(0);
      serve_watch(
          request.raw, response, store_,
          {registry_.collection_prefix(resource, ns), request.raw.get_param_value("resourceVersion"),
           std::chrono::seconds(std::max<int64_t>(timeout, 0)),
           [label, field](const nlohmann::json& object) { return Registry::selected(object, label, field); },
           wants_table(request.raw.get_header_value("Accept"))
               ? watch_table_rows(resource, request.raw.get_param_value("includeObject"))
               : nullptr});
      return {kAnswered, nullptr};
    }
    if (target.subresource == "scale") {
      if (attributes.verb == "get") return get_scale(registry_, resource, ns, target.name);
      auto options = write_options(request, attributes.verb);
      if (!options) return options.error();
      if (attributes.verb == "update")
        return update_scale(registry_, resource, ns, target.name, request.body, user, *options);
      return patch_scale(registry_, resource, ns, target.name, request.content_type, request.body, user,
                         *options);
    }
    if (attributes.verb == "get" || attributes.verb == "list") {
      auto reply = attributes.verb == "get"
                       ? registry_.get(resource, ns, target.name)
                       : registry_.list(resource, ns, request.raw.get_param_value("labelSelector"),
                                        request.raw.get_param_value("fieldSelector"));
      if (reply.status == 200 && wants_table(request.raw.get_header_value("Accept")))
        reply.body = to_table(resource, reply.body, request.raw.get_param_value("includeObject"),
                              std::chrono::system_clock::now());
      return reply;
    }
    auto options = write_options(request, attributes.verb);
    if (!options) return options.error();
    if (attributes.verb == "create") {
      if (!target.name.empty()) return status_reply(405, "MethodNotAllowed", "create goes to the collection");
      return registry_.create(resource, ns, request.body, user, *options);
    }
    if (attributes.verb == "update")
      return registry_.update(resource, ns, target.name, target.subresource, request.body, user, *options);
    if (attributes.verb == "patch")
      return registry_.patch(resource, ns, target.name, target.subresource, request.content_type,
                             request.body, user, *options);
    if (attributes.verb == "delete") return registry_.remove(resource, ns, target.name, user, *options);
    return status_reply(405, "MethodNotAllowed",
                        attributes.verb + " is not supported by this test API server");
  }

  // The fieldValidation and dryRun query parameters of a write, and the fields its JSON body repeats.
  std::expected<WriteOptions, Reply> write_options(const Request& request, const std::string& verb) {
    static const std::map<std::string, std::string> kOptionsKind = {{"create", "CreateOptions"},
                                                                    {"update", "UpdateOptions"},
                                                                    {"patch", "PatchOptions"},
                                                                    {"delete", "DeleteOptions"}};
    auto kind = kOptionsKind.find(verb);
    if (kind == kOptionsKind.end()) return WriteOptions{};
    std::vector<std::string> dry_run;
    for (size_t i = 0; i < request.raw.get_param_value_count("dryRun"); ++i)
      dry_run.push_back(request.raw.get_param_value("dryRun", i));
    // A delete may carry its options as a DeleteOptions body (kubectl delete does).
    auto propagation = request.raw.get_param_value("propagationPolicy");
    if (verb == "delete" && request.body.is_object()) {
      if (auto policy = request.body.find("propagationPolicy");
          policy != request.body.end() && policy->is_string())
        propagation = policy->get<std::string>();
      if (auto body_dry_run = request.body.find("dryRun");
          body_dry_run != request.body.end() && body_dry_run->is_array())
        for (const auto& value : *body_dry_run)
          if (value.is_string()) dry_run.push_back(value.get<std::string>());
    }
    auto options = parse_write_options(kind->second, request.raw.get_param_value("fieldValidation"), dry_run,
                                       propagation);
    if (options && verb != "delete" &&
        !request.content_type.starts_with("application/vnd.kubernetes.protobuf"))
      options->duplicate_fields = duplicate_fields(request.raw.body);
    return options;
  }

  Reply non_resource(const Request& request) {
    const auto& path = request.path;
    if (path == "/livez" || path == "/readyz" || path == "/healthz" || path.starts_with("/livez/") ||
        path.starts_with("/readyz/") || path.starts_with("/healthz/")) {
      bool healthy = !faults_.unhealthy() && (ready || !path.starts_with("/readyz"));
      return {healthy ? 200 : 500,
              healthy ? "ok" : "[-]poststarthook failed: reason withheld\nhealthz check failed"};
    }
    if (path == "/version" || path == "/version/") {
      auto parts = split(version_.substr(1), '.');
      return {200,
              {{"major", parts.at(0)},
               {"minor", parts.at(1)},
               {"gitVersion", version_},
               {"gitCommit", "0000000000000000000000000000000000000000"},
               {"gitTreeState", "clean"},
               {"buildDate", "2025-04-22T16:02:27Z"},
               {"goVersion", "go1.23.6"},
               {"compiler", "gc"},
               {"platform", "linux/amd64"}}};
    }
    if (path == "/api")
      return {200, core_versions(flags_.get("advertise-address") + ":" + flags_.get("secure-port", "6443"))};
    if (path == "/apis") return {200, api_groups()};
    if (path == "/openapi/v3") return {200, openapi_index()};
    if (path.starts_with("/openapi/v3/"))
      if (auto document = openapi_document(path.substr(path.find('/', 12) + 1))) return {200, *document};
    if (path.starts_with("/api/") || path.starts_with("/apis/")) {
      auto group_version = path.substr(path.find('/', 1) + 1);
      if (auto list = resource_list(group_version)) return {200, *list};
    }
    if (path == "/standin/faults") {
      auto rules = request.raw.body;
      if (auto set = faults_.set(rules); !set) return status_reply(400, "BadRequest", set.error().message());
      return status_reply(200, "", "faults set: " + rules);
    }
    return status_reply(404, "NotFound", "the server could not find the requested resource");
  }

  const Flags& flags_;
  std::string version_;
  EtcdStore& store_;
  Registry registry_;
  std::vector<std::string> modes_;
  Admission admission_;
  Authentication authentication_;
  Faults faults_;
};

}  // namespace

// Enough for the watches of a few dozen nodes and clients at once.
constexpr size_t kWorkers = 64;

int run_api_server(const Flags& flags, const std::string& version) {
  auto fail = [](const std::string& message) {
    std::cerr << "Error: " << message << "\n";
    return 1;
  };
  // Like kube-apiserver, refuse to start without readable serving, client-CA and etcd client files.
  for (auto [flag, what] : std::vector<std::pair<std::string, std::string>>{
           {"tls-cert-file", "unable to load server certificate"},
           {"tls-private-key-file", "unable to load server private key"},
           {"client-ca-file", "unable to load client CA provider"},
           {"etcd-cafile", "unable to load etcd CA file"},
           {"etcd-certfile", "unable to load etcd client certificate"},
           {"etcd-keyfile", "unable to load etcd client key"},
           {"service-account-key-file", "failed to parse service-account issuer public key"},
           {"service-account-signing-key-file", "failed to read service account signing key"}})
    if (auto read = flags.read_file(flag, what); !read) return fail(read.error().message());
  auto etcd_servers = split(flags.get("etcd-servers"), ',');
  if (etcd_servers.empty() || etcd_servers[0].empty()) return fail("--etcd-servers must be specified");
  EtcdStore store(etcd_servers[0], *flags.read_file("etcd-cafile", ""), *flags.read_file("etcd-certfile", ""),
                  *flags.read_file("etcd-keyfile", ""));
  std::optional<Cidr> service_range;
  if (auto range = flags.get("service-cluster-ip-range"); !range.empty()) {
    auto parsed = Cidr::parse(split(range, ',')[0]);
    if (!parsed) return fail("invalid --service-cluster-ip-range: " + parsed.error().message());
    service_range = *parsed;
  }
  auto modes = parse_authorization_modes(flags.get("authorization-mode"));
  if (!modes) return fail(modes.error().message());
  auto admission =
      Admission::from_flags(flags.get("enable-admission-plugins"), flags.get("disable-admission-plugins"));
  if (!admission) return fail(admission.error().message());
  auto server = std::make_unique<Server>(flags, version, store, service_range, *modes, *admission);
  if (auto rules = std::getenv("KS_STANDIN_FAULTS"))
    if (auto set = server->faults().set(rules); !set) return fail(set.error().message());

  auto cert = flags.get("tls-cert-file"), key = flags.get("tls-private-key-file"),
       ca = flags.get("client-ca-file");
  httplib::SSLServer https([&](SSL_CTX& context) {
    if (SSL_CTX_use_certificate_chain_file(&context, cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&context, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(&context, ca.c_str(), nullptr) != 1)
      return false;
    SSL_CTX_set_client_CA_list(&context, SSL_load_client_CA_file(ca.c_str()));
    // Ask for a client certificate but let bearer-token and anonymous clients in, and finish the handshake
    // whatever the certificate: kube-apiserver asks with tls.RequestClientCert (apiserver's
    // secure_serving.go) and leaves the verdict to the x509 authenticator, so a client with an expired
    // certificate or one of another CA gets 401 Unauthorized, not a TLS alert. The chain's result stays
    // in SSL_get_verify_result for the authenticator.
    SSL_CTX_set_verify(&context, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    // Resumed TLS sessions (libcurl, Go) need a session id context once client certificates are requested.
    static const unsigned char kSessionContext[] = "kube-apiserver";
    SSL_CTX_set_session_id_context(&context, kSessionContext, sizeof kSessionContext - 1);
    return true;
  });
  testing::serve_like_go(https);
  // Each watch holds a worker for its whole stream, as each holds a goroutine in kube-apiserver: httplib's
  // default of eight workers would leave later requests waiting behind a few kubelets' and kubectls' watches.
  https.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  if (!https.is_valid()) return fail("unable to load the serving certificate " + cert + " and key " + key);
  auto handler = [&](const httplib::Request& request, httplib::Response& response) {
    server->serve(request, response);
  };
  https.Get(".*", handler);
  https.Post(".*", handler);
  https.Put(".*", handler);
  https.Patch(".*", handler);
  https.Delete(".*", handler);
  auto bind = flags.get("bind-address", "0.0.0.0");
  int port = std::stoi(flags.get("secure-port", "6443"));
  if (!https.bind_to_port(bind.c_str(), port))
    return fail("failed to listen on " + bind + ":" + std::to_string(port) +
                ": address in use or not available");
  std::jthread seeding([&] {
    // The post-start hooks: etcd must answer before the server reports ready.
    while (!server->ready) {
      if (auto seeded = server->registry().seed(port)) {
        server->ready = true;
      } else {
        std::cerr << "waiting for etcd: " << seeded.error().message() << "\n";
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
    std::cerr << "kube-apiserver stand-in serving on " << bind << ":" << port << "\n";
  });
  RegistryControllers registry_controllers(
      server->registry(), [&] { return server->ready.load(); },
      [address = flags.get("advertise-address"), port](Registry& registry) -> Status {
        if (address.empty()) return {};
        return reconcile_api_server_endpoints(registry, address, port);
      });
  https.listen_after_bind();
  return 0;
}

}  // namespace ks::standin
