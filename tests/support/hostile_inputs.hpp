// The hostile and careless inputs of the hardening work, one table shared by the end-to-end test (which
// checks each is refused cleanly and changes nothing) and bench/reject_bench (which times each refusal).
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ks::testing {

struct HostileInput {
  std::string defect_class;  // the class of defect it stands for
  std::string name;
  // kubestrap's arguments; "{case}" and "{root}" are replaced by the case directory and the root in it.
  std::vector<std::string> args;
  int exit_code = 3;
  std::string message;  // must appear in stderr (in stdout for -o json)
  // Files the case needs, relative to the case directory, before the snapshot is taken.
  std::map<std::string, std::string> files = {};
  std::function<void(const std::string& case_dir)> setup = {};
  std::vector<std::string> environment = {};  // NAME=value pairs
};

inline const std::vector<std::string>& node_flags() {
  static const std::vector<std::string> flags = {
      "--node-name",  "cp1",          "--apiserver-advertise-address",
      "192.168.1.10", "--cri-socket", "unix:///run/containerd/containerd.sock"};
  return flags;
}

inline std::vector<std::string> init_with(std::vector<std::string> extra) {
  std::vector<std::string> args = {"init", "--dry-run", "--root-dir", "{root}"};
  args.insert(args.end(), node_flags().begin(), node_flags().end());
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

inline std::vector<std::string> init_config(const std::string& file) {
  return {"init", "--dry-run", "--root-dir", "{root}", "--config", "{case}/" + file};
}

inline std::string init_document(const std::string& body) {
  return "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  name: cp1\n"
         "  criSocket: unix:///run/containerd/containerd.sock\nlocalAPIEndpoint:\n  advertiseAddress: "
         "192.168.1.10\n" +
         body;
}

inline std::string cluster_document(const std::string& body) {
  return init_document("") + "---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n" + body;
}

inline std::string kubelet_document(const std::string& body) {
  return init_document("") + "---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" +
         body;
}

// 636 bytes of nested aliases that expand to 9^9 strings.
inline std::string alias_bomb() {
  std::string bomb =
      init_document("") +
      "---\nbomb:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    bomb += "  " + std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ",*" : "*") + std::string(1, static_cast<char>(level - 1));
    bomb += "]\n";
  }
  return bomb;
}

inline const std::vector<HostileInput>& hostile_inputs() {
  static const std::vector<HostileInput> inputs = {
      // 1. Crashes from uncaught exceptions.
      {"crash", "token-ttl dot", init_with({"--token-ttl", "."}), 3, "--token-ttl"},
      {"crash",
       "float bindPort",
       init_config("c.yaml"),
       3,
       "localAPIEndpoint.bindPort: expected an integer, got a string",
       {{"c.yaml", init_document("").replace(init_document("").find("192.168.1.10\n"), 13,
                                             "192.168.1.10\n  bindPort: 1e999\n")}}},
      {"crash",
       "invalid UTF-8 field name with -o json",
       {"init", "--dry-run", "--root-dir", "{root}", "--config", "{case}/c.yaml", "-o", "json"},
       3,
       "\"exitCode\": 3",
       {{"c.yaml", cluster_document("clusterNam\xe9: x\n")}}},
      {"crash",
       "KubeletConfiguration authentication: yes",
       init_config("c.yaml"),
       3,
       "authentication: expected a mapping, got the string \"yes\"",
       {{"c.yaml", kubelet_document("authentication: \"yes\"\n")}}},
      {"crash", "verbosity not a number", init_with({"-v", "abc"}), 3, "--verbose \"abc\": expected 0"},
      {"crash",
       "join port not a number",
       {"join", "phase", "preflight", "--dry-run", "--root-dir", "{root}", "--apiserver-bind-port", "x"},
       3,
       "--apiserver-bind-port \"x\": expected a port number from 1 to 65535"},

      // 2. Unbounded reads and hangs.
      {"unbounded",
       "YAML alias bomb",
       init_config("c.yaml"),
       3,
       "more than 100000 nodes after alias expansion",
       {{"c.yaml", alias_bomb()}}},
      {"unbounded",
       "YAML nested 10000 deep",
       init_config("c.yaml"),
       3,
       "nested deeper than 64 levels at line 9",
       {{"c.yaml",
         init_document("") + "---\nx: " + std::string(10000, '[') + std::string(10000, ']') + "\n"}}},
      {"unbounded",
       "YAML blocks nested 100 deep",
       init_config("c.yaml"),
       3,
       "nested deeper than 64 levels at line",
       {{"c.yaml",
         [] {
           std::string text = init_document("") + "---\n";
           for (size_t i = 0; i < 100; ++i) text += std::string(i, ' ') + "k:\n";
           return text;
         }()}}},
      {"unbounded",
       "--config /dev/zero",
       {"init", "--dry-run", "--root-dir", "{root}", "--config", "/dev/zero"},
       3,
       "a character device"},
      {"unbounded",
       "--config FIFO",
       init_config("fifo"),
       3,
       "a FIFO, not a regular file",
       {},
       [](const std::string& dir) { ::mkfifo((dir + "/fifo").c_str(), 0600); }},
      {"unbounded",
       "50 MB config",
       init_config("big.yaml"),
       3,
       "larger than 4 MiB, the limit for a config file",
       {{"big.yaml", init_document("") + "# " + std::string(50u << 20, 'x') + "\n"}}},
      {"unbounded",
       "FIFO as ca.crt",
       {"init", "phase", "certs", "--root-dir", "{root}"},
       4,
       "ca.crt: it is a FIFO, not a regular file",
       {},
       [](const std::string& dir) {
         std::filesystem::create_directories(dir + "/root/etc/kubernetes/pki");
         ::mkfifo((dir + "/root/etc/kubernetes/pki/ca.crt").c_str(), 0644);
       }},

      // 3. Escaping --root-dir (the ones that are input errors; the jail itself has its own test).
      {"root",
       "empty --root-dir",
       {"init", "phase", "certs", "ca", "--root-dir", "", "--cert-dir", "{case}/pki"},
       3,
       "the root directory is empty"},
      {"root",
       "empty KUBESTRAP_ROOT_DIR",
       {"init", "phase", "certs", "ca", "--cert-dir", "{case}/pki"},
       3,
       "KUBESTRAP_ROOT_DIR: the root directory is empty",
       {},
       {},
       {"KUBESTRAP_ROOT_DIR="}},
      {"root",
       "root is a regular file",
       {"init", "phase", "certs", "ca", "--root-dir", "{case}/file"},
       3,
       "it is a regular file, not a directory",
       {{"file", "x"}}},
      {"root", "relative --cert-dir", init_with({"--cert-dir", "relative/pki"}), 3,
       "certificatesDir (--cert-dir): \"relative/pki\" must be an absolute path"},
      {"root",
       "relative etcd dataDir",
       init_config("c.yaml"),
       3,
       "etcd.local.dataDir: must be an absolute path",
       {{"c.yaml", cluster_document("etcd:\n  local:\n    dataDir: var/lib/etcd\n")}}},

      // 4. Injection into the files kubestrap writes.
      {"injection", "--cri-socket with a newline and LD_PRELOAD",
       init_with({"--cri-socket", "unix:///run/containerd/containerd.sock\"\nLD_PRELOAD=/var/evil.so\n#"}), 3,
       "nodeRegistration.criSocket (--cri-socket): "
       "\"unix:///run/containerd/containerd.sock\\\"\\nLD_PRELOAD"},
      {"injection", "--image-repository with a newline",
       init_with({"--image-repository", "registry.k8s.io\nevil: x"}), 3,
       "imageRepository (--image-repository): \"registry.k8s.io\\nevil: x\" is not an image repository"},
      {"injection", "--image-repository Bad Repo!", init_with({"--image-repository", "Bad Repo!"}), 3,
       "must be lower-case letters and digits"},
      {"injection",
       "kubeletExtraArgs with a quote",
       init_config("c.yaml"),
       3,
       "would end or escape the value in kubeadm-flags.env",
       {{"c.yaml", init_document("").replace(init_document("").find("localAPIEndpoint"), 0,
                                             "  kubeletExtraArgs:\n  - name: node-labels\n    value: "
                                             "'a=b\" LD_PRELOAD=/x.so'\n")}}},
      {"injection",
       "extraArgs value with a newline",
       init_config("c.yaml"),
       3,
       "holds a control character",
       {{"c.yaml",
         cluster_document("apiServer:\n  extraArgs:\n  - name: v\n    value: \"2\\n- --evil\"\n")}}},
      {"injection", "certSAN with a newline", init_with({"--apiserver-cert-extra-sans", "a.example.com\nb"}),
       3, "apiServer.certSANs"},
      {"injection",
       "taint key with a space",
       init_config("c.yaml"),
       3,
       "nodeRegistration.taints",
       {{"c.yaml", init_document("").replace(init_document("").find("localAPIEndpoint"), 0,
                                             "  taints:\n  - key: \"bad key\"\n    effect: NoSchedule\n")}}},
      {"injection",
       "etcd imageTag with a slash",
       init_config("c.yaml"),
       3,
       "etcd.local.imageTag",
       {{"c.yaml", cluster_document("etcd:\n  local:\n    imageTag: ../evil\n")}}},

      // 5. Silent acceptance of wrong values.
      {"silent",
       "bindPort past 32 bits",
       init_config("c.yaml"),
       3,
       "bindPort: 4294973739 is out of range for a 32-bit integer",
       {{"c.yaml", init_document("").replace(init_document("").find("192.168.1.10\n"), 13,
                                             "192.168.1.10\n  bindPort: 4294973739\n")}}},
      {"silent", "--token-ttl=-1h", init_with({"--token-ttl=-1h"}), 3, "must not be negative"},
      {"silent", "--token-ttl 99999999999999999999h", init_with({"--token-ttl", "99999999999999999999h"}), 3,
       "out of range"},
      {"silent", "token ttl past a century", init_with({"--token-ttl", "1000000h"}), 3,
       "longer than the limit of 876000h"},
      {"silent",
       "KubeletConfiguration cgroupDriver: 42",
       init_config("c.yaml"),
       3,
       "cgroupDriver: expected a string, got 42",
       {{"c.yaml", kubelet_document("cgroupDriver: 42\n")}}},
      {"silent",
       "KubeletConfiguration maxPods: many",
       init_config("c.yaml"),
       3,
       "maxPods: expected a 32-bit integer, got the string \"many\"",
       {{"c.yaml", kubelet_document("maxPods: many\n")}}},
      {"silent",
       "timeout of a thousand years",
       init_config("c.yaml"),
       3,
       "timeouts.discovery",
       {{"c.yaml", init_document("timeouts:\n  discovery: 8760000h\n")}}},

      // 7. Messages.
      {"messages", "131000-character --node-name", init_with({"--node-name", std::string(131000, 'a')}), 3,
       "(131000 bytes)"},
      {"messages", "newline and half a UTF-8 character", init_with({"--node-name", "cp1\nx\xc3"}), 3,
       "\"cp1\\nx\\xc3\""},
      {"messages", "unknown flag", init_with({"--no-such-flag"}), 3, "no-such-flag"},
      {"messages", "port out of range, said once",
       init_with({"--control-plane-endpoint", "cp.example.com:99999"}), 3,
       "the port must be a number from 1 to 65535"},
      {"messages",
       "truncated ca.crt",
       {"init", "phase", "certs", "--root-dir", "{root}"},
       4,
       "ca.crt is not a PEM certificate",
       {},
       [](const std::string& dir) {
         std::filesystem::create_directories(dir + "/root/etc/kubernetes/pki");
         std::ofstream(dir + "/root/etc/kubernetes/pki/ca.crt") << "-----BEGIN CERTIFICATE-----\nMIIB";
       }},
      {"messages", "validation error with -o json",
       init_with({"--pod-network-cidr", "10.244.0.0/33", "-o", "json"}), 3, "\"exitCode\": 3"},
  };
  return inputs;
}

// "{case}" and "{root}" in an argument, replaced.
inline std::string expand(std::string arg, const std::string& case_dir) {
  for (auto [key, value] :
       {std::pair<std::string, std::string>{"{case}", case_dir}, {"{root}", case_dir + "/root"}})
    for (auto at = arg.find(key); at != std::string::npos; at = arg.find(key))
      arg.replace(at, key.size(), value);
  return arg;
}

// Lays out a case directory: the root with one existing file, then the case's own files and setup.
inline void prepare_case(const HostileInput& input, const std::string& case_dir) {
  std::filesystem::create_directories(case_dir + "/root/etc");
  std::ofstream(case_dir + "/root/etc/existing") << "keep me";
  for (const auto& [name, content] : input.files)
    std::ofstream(case_dir + "/" + name, std::ios::binary) << content;
  if (input.setup) input.setup(case_dir);
}

// The command line that runs `input` in `case_dir`: env for its environment, then the binary.
inline std::vector<std::string> command_line(const HostileInput& input, const std::string& binary,
                                             const std::string& case_dir) {
  std::vector<std::string> argv = {"env"};
  argv.insert(argv.end(), input.environment.begin(), input.environment.end());
  argv.push_back(binary);
  for (const auto& arg : input.args) argv.push_back(expand(arg, case_dir));
  return argv;
}

}  // namespace ks::testing
