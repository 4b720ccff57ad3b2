#include "tests/support/control_plane/reply.hpp"

namespace ks::standin {

Reply status_reply(int code, const std::string& reason, const std::string& message,
                   const nlohmann::json& details) {
  nlohmann::json body = {{"kind", "Status"},
                         {"apiVersion", "v1"},
                         {"metadata", nlohmann::json::object()},
                         {"status", code < 300 ? "Success" : "Failure"},
                         {"message", message},
                         {"reason", reason},
                         {"code", code}};
  if (!details.is_null()) body["details"] = details;
  return {code, body};
}

}  // namespace ks::standin
