// Every path, file name, mode, port, duration and well-known name kubestrap shares with kubeadm and
// the Kubernetes components, in one place.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string_view>

#include "host/files.hpp"

namespace ks::constants {

using namespace std::chrono_literals;

// The version installed when none is given (no network lookup). The supported minors and each one's image
// versions are in config/releases.cpp.
inline constexpr std::string_view kDefaultKubernetesVersion = "v1.32.4";
inline constexpr std::string_view kDefaultImageRepository = "registry.k8s.io";

// Directories and files on the node.
inline constexpr std::string_view kKubernetesDir = "/etc/kubernetes";
inline constexpr std::string_view kManifestsDir = "/etc/kubernetes/manifests";
inline constexpr std::string_view kDefaultCertificatesDir = "/etc/kubernetes/pki";
inline constexpr std::string_view kDefaultEtcdDataDir = "/var/lib/etcd";
inline constexpr std::string_view kKubeletDir = "/var/lib/kubelet";
inline constexpr std::string_view kKubeletConfigFile = "/var/lib/kubelet/config.yaml";
inline constexpr std::string_view kKubeletFlagsEnvFile = "/var/lib/kubelet/kubeadm-flags.env";
inline constexpr std::string_view kKubeletInstanceConfigFile = "/var/lib/kubelet/instance-config.yaml";
inline constexpr std::string_view kAdminKubeconfig = "admin.conf";
inline constexpr std::string_view kSuperAdminKubeconfig = "super-admin.conf";
inline constexpr std::string_view kKubeletKubeconfig = "kubelet.conf";
inline constexpr std::string_view kControllerManagerKubeconfig = "controller-manager.conf";
inline constexpr std::string_view kSchedulerKubeconfig = "scheduler.conf";
inline constexpr std::string_view kFlexVolumeDir = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec";
inline constexpr std::string_view kHostnameFile = "/proc/sys/kernel/hostname";

// Certificate and key files under certificatesDir, without extension (kubeadm's *CertAndKeyBaseName).
inline constexpr std::string_view kCACertAndKeyBaseName = "ca";
inline constexpr std::string_view kAPIServerCertAndKeyBaseName = "apiserver";
inline constexpr std::string_view kAPIServerKubeletClientCertAndKeyBaseName = "apiserver-kubelet-client";
inline constexpr std::string_view kFrontProxyCACertAndKeyBaseName = "front-proxy-ca";
inline constexpr std::string_view kFrontProxyClientCertAndKeyBaseName = "front-proxy-client";
inline constexpr std::string_view kEtcdCACertAndKeyBaseName = "etcd/ca";
inline constexpr std::string_view kEtcdServerCertAndKeyBaseName = "etcd/server";
inline constexpr std::string_view kEtcdPeerCertAndKeyBaseName = "etcd/peer";
inline constexpr std::string_view kEtcdHealthcheckClientCertAndKeyBaseName = "etcd/healthcheck-client";
inline constexpr std::string_view kAPIServerEtcdClientCertAndKeyBaseName = "apiserver-etcd-client";
inline constexpr std::string_view kServiceAccountKeyBaseName = "sa";
// File modes, as kubeadm writes them.
inline constexpr mode_t kCertificateMode = 0644;
inline constexpr mode_t kPrivateKeyMode = 0600;
inline constexpr mode_t kPrivateDirMode = 0700;
inline constexpr mode_t kKubeconfigMode = 0600;
inline constexpr mode_t kManifestMode = 0600;
inline constexpr mode_t kKubeletFileMode = 0644;
// `config migrate --new-config`: the file may hold bootstrap tokens and a certificate key, so only its owner
// reads it (kubeadm writes 0644).
inline constexpr mode_t kMigratedConfigMode = 0600;

// The most kubestrap reads of each kind of file: far above any real one, far below what could hurt.
inline constexpr host::ReadLimit kConfigFileLimit{4u << 20, "a config file"};
inline constexpr host::ReadLimit kKubeconfigLimit{1u << 20, "a kubeconfig"};
inline constexpr host::ReadLimit kPemFileLimit{1u << 20, "a PEM certificate or key file"};
inline constexpr host::ReadLimit kManifestLimit{1u << 20, "a static Pod manifest"};

// Ports.
inline constexpr int kAPIServerPort = 6443;
inline constexpr int kEtcdClientPort = 2379;
inline constexpr int kEtcdPeerPort = 2380;
inline constexpr int kEtcdMetricsPort = 2381;
inline constexpr int kKubeletHealthzPort = 10248;
inline constexpr int kKubeletPort = 10250;
inline constexpr int kControllerManagerPort = 10257;
inline constexpr int kSchedulerPort = 10259;

// Networking and naming defaults.
inline constexpr std::string_view kDefaultServiceSubnet = "10.96.0.0/12";
inline constexpr std::string_view kDefaultDNSDomain = "cluster.local";
inline constexpr std::string_view kDefaultClusterName = "kubernetes";
inline constexpr std::string_view kContainerdSocket = "unix:///var/run/containerd/containerd.sock";
inline constexpr std::string_view kCrioSocket = "unix:///var/run/crio/crio.sock";
inline constexpr std::string_view kKubeSystemNamespace = "kube-system";
inline constexpr std::string_view kKubePublicNamespace = "kube-public";

// Certificate lifetimes and the clock-skew allowance applied to NotBefore.
inline constexpr std::chrono::hours kCertificateValidity = 8760h;
inline constexpr std::chrono::hours kCACertificateValidity = 87600h;
inline constexpr std::chrono::minutes kCertificateBackdate = 5min;

// Timeouts (v1beta4 defaults).
inline constexpr std::chrono::minutes kControlPlaneHealthTimeout = 4min;
inline constexpr std::chrono::minutes kKubeletHealthTimeout = 4min;
inline constexpr std::chrono::minutes kAPICallTimeout = 1min;
inline constexpr std::chrono::minutes kEtcdAPICallTimeout = 2min;
inline constexpr std::chrono::minutes kTLSBootstrapTimeout = 5min;
inline constexpr std::chrono::minutes kDiscoveryTimeout = 5min;
inline constexpr std::chrono::minutes kUpgradeManifestsTimeout = 5min;
// kubestrap's own: a preflight query (`kubelet --version`, `iptables-save`) answers in well under a second;
// one that hangs fails its check instead of holding up the run for the default command timeout.
inline constexpr std::chrono::minutes kPreflightCommandTimeout = 1min;

// Groups and users.
inline constexpr std::string_view kClusterAdminsGroup = "kubeadm:cluster-admins";
inline constexpr std::string_view kSystemMastersGroup = "system:masters";
inline constexpr std::string_view kNodesGroup = "system:nodes";
inline constexpr std::string_view kNodeUserPrefix = "system:node:";
inline constexpr std::string_view kBootstrapTokenDefaultGroup =
    "system:bootstrappers:kubeadm:default-node-token";
inline constexpr std::chrono::hours kBootstrapTokenTTL = 24h;

// ConfigMaps kubeadm keeps in the cluster.
inline constexpr std::string_view kKubeadmConfigMap = "kubeadm-config";
inline constexpr std::string_view kKubeletConfigMap = "kubelet-config";
inline constexpr std::string_view kClusterInfoConfigMap = "cluster-info";
inline constexpr std::string_view kKubeProxyKubeconfig = "/var/lib/kube-proxy/kubeconfig.conf";
inline constexpr std::string_view kKubeletClientCurrent = "/var/lib/kubelet/pki/kubelet-client-current.pem";

// How a control-plane node is marked.
inline constexpr std::string_view kControlPlaneLabel = "node-role.kubernetes.io/control-plane";
inline constexpr std::string_view kExcludeFromLoadBalancersLabel =
    "node.kubernetes.io/exclude-from-external-load-balancers";
inline constexpr std::string_view kControlPlaneTaintKey = "node-role.kubernetes.io/control-plane";
inline constexpr std::string_view kAnonymousUser = "system:anonymous";
// Static pod priority.
inline constexpr int kSystemNodeCriticalPriority = 2000001000;

}  // namespace ks::constants
