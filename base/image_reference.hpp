#pragma once

#include <string>
#include <string_view>

namespace ks {

// The grammar of image references (the OCI distribution spec's, as containerd and registries apply it),
// for the parts a configuration supplies. Each returns why the text does not fit, or "" when it does.

// A repository prefix: [registry host[:port] "/"] path components ("registry.k8s.io",
// "registry.example.com:5000/mirror/k8s", "k8s"); lower-case path components joined by ".", "_", "__"
// or dashes.
std::string image_repository_problem(std::string_view repository);
// A tag: a word character followed by up to 127 word characters, dots or dashes ("v1.32.4", "3.5.16-0").
std::string image_tag_problem(std::string_view tag);

}  // namespace ks
