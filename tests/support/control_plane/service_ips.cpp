#include "tests/support/control_plane/service_ips.hpp"

#include <nlohmann/json.hpp>

#include "base/json_access.hpp"
#include "tests/support/control_plane/field_errors.hpp"

namespace ks::standin {

namespace {

using nlohmann::json;

std::vector<std::string> strings_of(const json& list) {
  std::vector<std::string> items;
  if (list.is_array())
    for (const auto& item : list) items.push_back(item.is_string() ? item.get<std::string>() : "");
  return items;
}

// The address range the allocator hands out: the CIDR without its network and broadcast addresses.
bool allocatable(const Cidr& range, const IpAddress& address) {
  if (!range.contains(address)) return false;
  auto first = range.nth(0);
  auto size_bits = range.bits() - range.prefix;
  auto last = size_bits < 64 ? range.nth((uint64_t{1} << size_bits) - 1) : Result<IpAddress>(first);
  return !(first && first->str() == address.str()) && !(last && last->str() == address.str());
}

}  // namespace

std::optional<Reply> allocate_cluster_ip(json& service, const Cidr& range,
                                         const std::set<std::string>& taken) {
  auto& spec = service["spec"];
  if (!spec.is_object()) spec = json::object();
  if (string_member(spec, "type") == "ExternalName") return std::nullopt;
  auto name = string_member(member(service, "metadata"), "name");
  auto ips = strings_of(member(spec, "clusterIPs"));
  auto ip = string_member(spec, "clusterIP", ips.empty() ? "" : ips.front());
  if (ip == "None") {
    spec["clusterIP"] = "None";
    spec["clusterIPs"] = json::array({"None"});
    return std::nullopt;
  }
  auto refuse = [&](const std::string& why) {
    return invalid_reply("", "Service", name,
                         {invalid_field("spec.clusterIPs", go_string_slice({ip}),
                                        "failed to allocate IP " + ip + ": " + why)});
  };
  if (ip.empty()) {
    for (uint64_t n = 1; ip.empty(); ++n) {
      auto candidate = range.nth(n);
      if (!candidate || !allocatable(range, *candidate))
        return status_reply(500, "InternalError",
                            "Internal error occurred: failed to allocate a serviceIP: range is full");
      if (!taken.contains(candidate->str())) ip = candidate->str();
    }
  } else {
    auto parsed = IpAddress::parse(ip);
    if (!parsed)
      return invalid_reply("", "Service", name,
                           {invalid_field("spec.clusterIPs", go_string_slice({ip}), "failed to parse IP")});
    if (!allocatable(range, *parsed))
      return refuse("the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is " +
                    range.str());
    if (taken.contains(parsed->str())) return refuse("provided IP is already allocated");
  }
  spec["clusterIP"] = ip;
  spec["clusterIPs"] = json::array({ip});
  return std::nullopt;
}

std::optional<Reply> keep_cluster_ip(json& service, const json& old) {
  auto& spec = service["spec"];
  if (!spec.is_object()) spec = json::object();
  const auto& old_spec = member(old, "spec");
  if (string_member(spec, "type") == "ExternalName" || string_member(old_spec, "type") == "ExternalName")
    return std::nullopt;
  auto old_ip = string_member(old_spec, "clusterIP");
  auto old_ips = strings_of(member(old_spec, "clusterIPs"));
  auto ip = string_member(spec, "clusterIP");
  auto ips = strings_of(member(spec, "clusterIPs"));
  if (ip.empty() && ips.empty()) {
    ip = old_ip;
    ips = old_ips;
  } else if (!ip.empty() && (ips.empty() || (ip != old_ip && ips.front() == old_ip))) {
    ips = {ip};  // normalizeClusterIPs: a changed clusterIP carries clusterIPs with it
  } else if (ip.empty()) {
    ip = ips.front();
  }
  spec["clusterIP"] = ip;
  spec["clusterIPs"] = ips;
  if (ip == "None" && old_ip == "None") return std::nullopt;
  for (size_t i = 0; i < old_ips.size(); ++i)
    if (i >= ips.size() || ips[i] != old_ips[i])
      return invalid_reply("", "Service", string_member(member(service, "metadata"), "name"),
                           {invalid_field("spec.clusterIPs[" + std::to_string(i) + "]", go_string_slice(ips),
                                          "may not change once set")});
  return std::nullopt;
}

}  // namespace ks::standin
