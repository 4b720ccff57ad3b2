#pragma once

#include "host/clock.hpp"
#include "host/environment.hpp"
#include "host/files.hpp"
#include "host/network.hpp"
#include "host/processes.hpp"
#include "host/random.hpp"
#include "host/system_files.hpp"

namespace ks::host {

// Everything a phase may touch, handed around as one value. The CLI builds the real one; tests build
// it over a temporary root with fakes for processes, clock and network.
struct Host {
  Files& files;
  SystemFiles& system;
  Network& network;
  Processes& processes;
  Clock& clock;
  Random& random;
  Environment& environment;
};

}  // namespace ks::host
