#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/control_plane/authorizer.hpp"
#include "tests/support/control_plane/resources.hpp"

namespace ks::standin {

// One API request as the handlers see it: the body already decoded from JSON or protobuf.
struct Request {
  std::string method, path, content_type;
  nlohmann::json body;
  const httplib::Request& raw;
};

// Where a URL points: a resource (with namespace, name and subresource) or a non-resource path.
struct Target {
  const Resource* resource = nullptr;
  std::string namespace_, name, subresource;
  bool malformed = false;
};

// Reads /api/<version>/... and /apis/<group>/<version>/... into resource, namespace, name and subresource;
// a path that is neither is a non-resource request.
Target parse_target(const std::string& path);
// The authorization verb of a request (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
// GET is get, list or watch (?watch= in Go's ParseBool spellings), DELETE of a collection deletecollection.
std::string verb_for(const std::string& method, const Target& target, const httplib::Request& raw);
// The Forbidden message of kube-apiserver's authorization filter, with the authorizers' reason appended.
std::string forbidden_message(const UserInfo& user, const Attributes& a, const Target& target,
                              const std::string& reason);
// A list or watch whose field selector requires one metadata.name is authorized as a request for that name
// (requestinfo.go).
std::string selected_name(const std::string& field_selector);

}  // namespace ks::standin
