#pragma once

#include "host/host.hpp"
#include "templates/node_facts.hpp"

namespace ks::phases {

// The facts of this machine the rendered files depend on (all but external_ca, which only init's PKI
// knows), read once through the host.
templates::NodeFacts read_node_facts(const host::Host& host);

}  // namespace ks::phases
