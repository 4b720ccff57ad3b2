#pragma once

#include <functional>
#include <thread>

#include "base/error.hpp"

namespace ks::standin {

class Registry;

// The controllers whose work is the registry's own bookkeeping — the garbage collector and the namespace
// controller, kube-controller-manager's in a real cluster — run here, next to the objects, once a second
// (each pass lists every resource over the connection requests use) once `ready` says the server is seeded.
// kube-apiserver's own reconciler of the `kubernetes` Service's endpoints runs in the same loop.
// They stop when this is destroyed.
class RegistryControllers {
 public:
  using Pass = std::function<Status(Registry&)>;
  RegistryControllers(Registry& registry, std::function<bool()> ready, Pass endpoint_reconciler);

 private:
  std::jthread loop_;
};

}  // namespace ks::standin
