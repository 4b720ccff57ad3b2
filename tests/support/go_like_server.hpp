#pragma once

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace ks::testing {

// Go's servers (kube-apiserver, the kubelet) turn Nagle's algorithm off; cpp-httplib's server does not,
// and then a small answer written in two pieces waits ~40 ms for the client's delayed ACK. Accepted
// sockets inherit the option from the listening one.
inline void serve_like_go(httplib::Server& server) {
  server.set_socket_options([](socket_t fd) {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
}

}  // namespace ks::testing
