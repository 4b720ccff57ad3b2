#pragma once

#include <functional>
#include <thread>

namespace ks::standin {

class Registry;

// The controllers whose work is the registry's own bookkeeping — the garbage collector and the namespace
// controller, kube-controller-manager's in a real cluster — run here, next to the objects, once a second
// (each pass lists every resource over the connection requests use) once `ready` says the server is seeded.
// They stop when this is destroyed.
class RegistryControllers {
 public:
  RegistryControllers(Registry& registry, std::function<bool()> ready);

 private:
  std::jthread loop_;
};

}  // namespace ks::standin
