// The facts of a node, as the real openssl and kubectl see them: every path with its mode, the content of
// the files a configuration fixes, what each certificate says, whether each key matches its certificate and
// each chain verifies, and what each kubeconfig holds. Two nodes in the same state have equal facts. Kept
// apart from the crash safety test so that the test reads as the kills and reruns it makes.
#pragma once

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/base64.hpp"
#include "host/files.hpp"
#include "tests/support/run.hpp"
#include "tests/support/test_host.hpp"

namespace ks::testing {

// Every certificate kubestrap writes and the CA that signs it.
inline const std::map<std::string, std::string> kSigners = {
    {"ca", "ca"},
    {"apiserver", "ca"},
    {"apiserver-kubelet-client", "ca"},
    {"front-proxy-ca", "front-proxy-ca"},
    {"front-proxy-client", "front-proxy-ca"},
    {"etcd/ca", "etcd/ca"},
    {"etcd/server", "etcd/ca"},
    {"etcd/peer", "etcd/ca"},
    {"etcd/healthcheck-client", "etcd/ca"},
    {"apiserver-etcd-client", "etcd/ca"},
};
inline const std::string kPki = "/etc/kubernetes/pki/";

inline bool is_temporary(const std::filesystem::path& path) {
  static const std::regex temporary(R"(^\..*\.tmp.*$)");
  return std::regex_match(path.filename().string(), temporary);
}

// Files whose bytes are a pure function of the configuration, so the same in every run: all but the PKI
// and the kubeconfigs, which embed keys and certificates.
inline bool is_deterministic(const std::string& relative) {
  bool kubeconfig = relative.starts_with("/etc/kubernetes/") && relative.ends_with(".conf") &&
                    relative.find('/', std::string("/etc/kubernetes/").size()) == std::string::npos;
  return !relative.starts_with(kPki) && !kubeconfig;
}

inline std::string relative_to(const std::string& root, const std::filesystem::path& path) {
  return path.string().substr(root.size());
}

inline std::string excerpt(const std::string& text) {
  return text.size() <= 160 ? text : text.substr(0, 160) + "…";
}

// Everything checked about a node, as named facts; a correct node's facts equal an uninterrupted init's.
using Facts = std::map<std::string, std::string>;

// A certificate and its key, both as files, and the CA certificate that must verify it.
struct Pair {
  std::string name, crt, key, ca;
};

// What `openssl storeutl -text` prints about one object of a PEM bundle, line by line, trimmed.
struct StoredObject {
  std::string kind;  // "Certificate", "Pkey", "Public key"
  std::vector<std::string> lines;
};

inline std::vector<StoredObject> stored_objects(const std::string& text) {
  static const std::regex header(R"(^\d+: (.+)$)");
  std::vector<StoredObject> objects;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, header)) {
      objects.push_back({m[1].str(), {}});
    } else if (!objects.empty() && !line.starts_with("Total found:")) {
      auto first = line.find_first_not_of(' ');
      objects.back().lines.push_back(first == std::string::npos ? "" : line.substr(first));
    }
  }
  return objects;
}

// The public value openssl prints for a key or a certificate: the hex under "pub:" (EC) or "Modulus:" (RSA).
inline std::string public_value(const StoredObject& object) {
  static const std::regex hex(R"(^[0-9a-f:]+$)");
  std::string value;
  bool in_value = false;
  for (const auto& line : object.lines) {
    if (line == "pub:" || line == "Modulus:" || line == "modulus:") {
      in_value = true;
    } else if (in_value && std::regex_match(line, hex)) {
      value += line;
    } else if (in_value) {
      break;
    }
  }
  return value;
}

inline long long epoch_seconds(const std::string& openssl_time) {  // "Dec  2 06:14:44 2026 GMT"
  std::tm tm{};
  std::istringstream(openssl_time) >> std::get_time(&tm, "%b %d %H:%M:%S %Y");
  return static_cast<long long>(timegm(&tm));
}

// What a certificate says, without what differs between two correct runs (serial, dates, key and
// signature values, key identifiers): names, key type, validity period, extensions.
inline std::string certificate_fields(const StoredObject& object) {
  std::string fields;
  long long not_before = 0;
  bool in_extensions = false, in_identifier = false;
  for (const auto& line : object.lines) {
    if (line.starts_with("Not Before: ")) not_before = epoch_seconds(line.substr(12));
    if (line.starts_with("Not After : "))
      fields +=
          "valid for " + std::to_string((epoch_seconds(line.substr(12)) - not_before) / 3600) + " hours\n";
    for (const char* kept : {"Issuer:", "Subject:", "Public-Key:", "NIST CURVE:", "Exponent:"})
      if (line.starts_with(kept)) fields += line + "\n";
    if (line == "X509v3 extensions:") {
      in_extensions = true;
    } else if (in_extensions && line.starts_with("Signature Algorithm:")) {
      in_extensions = false;
    } else if (in_extensions && line.starts_with("X509v3 ")) {
      in_identifier = line.find("Key Identifier") != std::string::npos;  // its value differs every run
      fields += line + "\n";
    } else if (in_extensions && !in_identifier) {
      fields += line + "\n";
    }
  }
  return fields;
}

// The real openssl over every pair: one storeutl call reads every certificate and key, one verify call
// per CA checks the chains.
inline void pair_facts(const std::vector<Pair>& pairs, const std::string& scratch, Facts& facts) {
  std::string bundle;
  for (const auto& pair : pairs)
    for (const auto& file : {pair.crt, pair.key})
      bundle += host::RootFiles("/").read(file).value_or("") + "\n";
  host::RootFiles("/").write_atomic(scratch + "/bundle.pem", bundle, 0600).value();
  auto stored = run({"openssl", "storeutl", "-noout", "-text", scratch + "/bundle.pem"});
  auto objects = stored_objects(stored.out);
  if (stored.exit_code != 0 || objects.size() != 2 * pairs.size()) {
    facts["openssl storeutl"] = "FAILED: " + std::to_string(objects.size()) + " objects in " +
                                std::to_string(2 * pairs.size()) + " files: " + stored.err;
    return;
  }
  std::map<std::string, std::vector<std::string>> by_ca;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto &certificate = objects[2 * i], &key = objects[2 * i + 1];
    facts["openssl fields of " + pairs[i].name] = certificate.kind + "\n" + certificate_fields(certificate);
    auto value = public_value(key);
    facts["openssl key of " + pairs[i].name] =
        key.kind == "Pkey" && !value.empty() && value == public_value(certificate)
            ? "matches its certificate"
            : "FAILED: a " + key.kind + " with another public value";
    by_ca[pairs[i].ca].push_back(pairs[i].crt);
  }
  for (const auto& [ca, certificates] : by_ca) {
    std::vector<std::string> argv = {"openssl", "verify", "-CAfile", ca, "-purpose", "any"};
    argv.insert(argv.end(), certificates.begin(), certificates.end());
    auto verify = run(argv);
    for (size_t i = 0; i < pairs.size(); ++i)
      if (pairs[i].ca == ca)
        facts["openssl verify " + pairs[i].name] =
            verify.out.find(pairs[i].crt + ": OK\n") != std::string::npos
                ? "ok with " + ca.substr(ca.rfind("/pki/") + 5)
                : "FAILED: " + verify.out + verify.err;
  }
}

inline void service_account_facts(const std::string& root, const std::string& scratch, Facts& facts) {
  auto key = host::RootFiles(root).read(kPki + "sa.key"), pub = host::RootFiles(root).read(kPki + "sa.pub");
  if (!key || !pub) return;  // the path facts already say what is missing
  host::RootFiles("/").write_atomic(scratch + "/sa.pem", *key + "\n" + *pub, 0600).value();
  auto objects = stored_objects(run({"openssl", "storeutl", "-noout", "-text", scratch + "/sa.pem"}).out);
  facts["openssl sa.pub"] = objects.size() == 2 && !public_value(objects[0]).empty() &&
                                    public_value(objects[0]) == public_value(objects[1])
                                ? "belongs to sa.key"
                                : "FAILED: sa.key and sa.pub do not make a pair";
}

// The real kubectl loads every kubeconfig; what it shows must be the reference's, apart from the embedded
// data, which must be the CA on disk and a client certificate of that CA with its key.
inline std::vector<Pair> kubeconfig_facts(const std::string& root, const std::string& scratch, Facts& facts) {
  std::vector<Pair> clients;
  auto ca = host::RootFiles(root).read(kPki + "ca.crt").value_or("");
  for (const auto& entry : std::filesystem::directory_iterator(root + "/etc/kubernetes")) {
    auto name = entry.path().filename().string();
    if (!name.ends_with(".conf")) continue;
    // kubectl's view of bytes it has seen already is known: a copied file need not be read again.
    static std::map<std::string, host::ProcessResult> views;
    auto bytes = host::RootFiles("/").read(entry.path().string()).value_or("");
    if (!views.contains(bytes))
      views[bytes] =
          run({"kubectl", "config", "view", "--raw", "-o", "json", "--kubeconfig", entry.path().string()});
    const auto& view = views[bytes];
    if (view.exit_code != 0) {
      facts["kubectl " + name] = "FAILED: " + view.err;
      continue;
    }
    auto config = nlohmann::json::parse(view.out);
    auto& cluster = config["clusters"][0]["cluster"];
    auto& user = config["users"][0]["user"];
    facts["kubectl " + name + " trusts"] =
        base64_decode(cluster.value("certificate-authority-data", "")) == ca ? "ca.crt"
                                                                             : "FAILED: another CA";
    Pair client{name + " client", scratch + "/" + name + ".crt", scratch + "/" + name + ".key",
                root + kPki + "ca.crt"};
    host::RootFiles("/")
        .write_atomic(client.crt, base64_decode(user.value("client-certificate-data", "")).value_or(""), 0600)
        .value();
    host::RootFiles("/")
        .write_atomic(client.key, base64_decode(user.value("client-key-data", "")).value_or(""), 0600)
        .value();
    clients.push_back(client);
    cluster.erase("certificate-authority-data");
    user.erase("client-certificate-data");
    user.erase("client-key-data");
    facts["kubectl " + name] = config.dump();
  }
  return clients;
}

inline Facts observe(const std::string& root, const std::string& scratch) {
  Facts facts;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (is_temporary(entry.path())) continue;  // asserted apart, with a clearer message
    auto relative = relative_to(root, entry.path());
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", mode_of(entry.path()));
    if (entry.is_directory()) {
      facts["path " + relative] = std::string("directory ") + mode;
      continue;
    }
    facts["path " + relative] = std::string("file ") + mode + (entry.file_size() == 0 ? " EMPTY" : "");
    if (is_deterministic(relative))
      facts["content " + relative] =
          host::RootFiles("/").read(entry.path().string()).value_or("<unreadable>");
  }
  auto pairs = kubeconfig_facts(root, scratch, facts);
  for (const auto& [base, ca] : kSigners)
    if (std::filesystem::exists(root + kPki + base + ".crt") &&
        std::filesystem::exists(root + kPki + base + ".key"))
      pairs.push_back(
          {base, root + kPki + base + ".crt", root + kPki + base + ".key", root + kPki + ca + ".crt"});
  pair_facts(pairs, scratch, facts);
  service_account_facts(root, scratch, facts);
  return facts;
}

inline std::string differences(const Facts& expected, const Facts& actual) {
  std::string text;
  for (const auto& [name, value] : expected) {
    auto it = actual.find(name);
    if (it == actual.end())
      text += "  missing: " + name + "\n";
    else if (it->second != value)
      text += "  " + name + ": expected \"" + excerpt(value) + "\", got \"" + excerpt(it->second) + "\"\n";
  }
  for (const auto& [name, value] : actual)
    if (!expected.contains(name)) text += "  unexpected: " + name + " (" + excerpt(value) + ")\n";
  return text;
}

}  // namespace ks::testing
