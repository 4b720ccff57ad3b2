// What `kubestrap config print init-defaults|join-defaults` prints: kubeadm's defaults with kubeadm's
// placeholders where a real value depends on the machine or the cluster (cmd/kubeadm/app/cmd/config.go,
// getDefaultInitConfigBytes and getDefaultNodeConfigBytes; util/config/initconfiguration.go,
// DefaultedStaticInitConfiguration). Pure: nothing is read from the host, so the text is the same anywhere,
// and each configuration passes validation as it is.
#pragma once

#include <string_view>

#include "config/types.hpp"

namespace ks::config {

// kubeadm's PlaceholderToken: a well-formed bootstrap token that is obviously not a real one.
inline constexpr std::string_view kPlaceholderToken = "abcdef.0123456789abcdef";

// advertiseAddress 1.2.3.4, node name "node", containerd's socket, the placeholder token, and every
// static default filled in.
InitConfiguration printed_init_defaults();
// Token discovery of kube-apiserver:6443 with the placeholder token and unsafeSkipCAVerification (there is
// no CA to pin), node name "node", containerd's socket, and every static default filled in.
JoinConfiguration printed_join_defaults();

}  // namespace ks::config
