#include "tests/support/control_plane/registry_controllers.hpp"

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

#include "tests/support/control_plane/foreground_deletion.hpp"
#include "tests/support/control_plane/garbage_collector.hpp"
#include "tests/support/control_plane/namespace_cleanup.hpp"

namespace ks::standin {

RegistryControllers::RegistryControllers(Registry& registry, std::function<bool()> ready,
                                         Pass endpoint_reconciler)
    : loop_([&registry, ready = std::move(ready),
             endpoint_reconciler = std::move(endpoint_reconciler)](std::stop_token stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
          if (ready()) {
            for (const Pass& pass : {Pass(&collect_garbage), Pass(&delete_foreground_dependents),
                                     Pass(&finalize_terminating_namespaces), endpoint_reconciler})
              if (auto done = pass(registry); !done)
                std::cerr << "controller: " << done.error().message() << "\n";
          }
          std::unique_lock lock(mutex);
          wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        }
      }) {}

}  // namespace ks::standin
