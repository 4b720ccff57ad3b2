// The `kubernetes` Service's endpoints are kube-apiserver itself, kept so by its endpoint reconciler
// (pkg/controlplane/reconcilers/lease.go, the default --endpoint-reconciler-type, writing through
// pkg/controlplane/reconcilers/endpointsadapter.go): the Endpoints default/kubernetes with
// --advertise-address and the port https/<--secure-port>/TCP, and the EndpointSlice default/kubernetes that
// says the same; a change by anyone else is put back.
#include "tests/realism/realism_cluster.hpp"

namespace ks::testing {
namespace {

class ApiServerEndpoints : public RealismCluster {
 protected:
  // Asks until the object exists (the reconciler runs on its own schedule after start).
  static nlohmann::json until_found(const std::vector<std::string>& what) {
    std::vector<std::string> args = {"get"};
    args.insert(args.end(), what.begin(), what.end());
    args.insert(args.end(), {"-n", "default", "-o", "json"});
    nlohmann::json found;
    for (int i = 0; i < 300 && !found.is_object(); ++i)
      if (auto result = kubectl(args); result.exit_code == 0)
        found = nlohmann::json::parse(result.out, nullptr, false);
    return found;
  }
  static std::string ports() { return R"([{"name":"https","port":6443,"protocol":"TCP"}])"; }
};

TEST_F(ApiServerEndpoints, EndpointsNameTheAdvertiseAddressAndSecurePort) {
  auto endpoints = until_found({"endpoints", "kubernetes"});
  ASSERT_TRUE(endpoints.is_object());
  EXPECT_EQ(endpoints["subsets"], nlohmann::json::parse(R"([{"addresses":[{"ip":")" + node().address() +
                                                        R"("}],"ports":)" + ports() + "}]"));
  EXPECT_EQ(endpoints["metadata"]["labels"],
            nlohmann::json::parse(R"({"endpointslice.kubernetes.io/skip-mirror":"true"})"));
  // What a lab user looks at: the address the Service's ClusterIP leads to.
  EXPECT_EQ(kubectl({"get", "endpoints", "kubernetes", "-o",
                     "jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}"})
                .out,
            node().address() + ":6443");
  EXPECT_EQ(kubectl({"get", "service", "kubernetes", "-o", "jsonpath={.spec.ports[0].targetPort}"}).out,
            "6443");
}

TEST_F(ApiServerEndpoints, TheEndpointSliceSaysTheSame) {
  auto slice = until_found({"endpointslice", "kubernetes"});
  ASSERT_TRUE(slice.is_object());
  EXPECT_EQ(slice["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_EQ(slice["addressType"], "IPv4");
  EXPECT_EQ(slice["endpoints"], nlohmann::json::parse(R"([{"addresses":[")" + node().address() +
                                                      R"("],"conditions":{"ready":true}}])"));
  EXPECT_EQ(slice["ports"], nlohmann::json::parse(ports()));
  EXPECT_EQ(kubectl({"get", "endpointslices", "-n", "default", "-l", "kubernetes.io/service-name=kubernetes",
                     "-o", "name"})
                .out,
            "endpointslice.discovery.k8s.io/kubernetes\n");
}

TEST_F(ApiServerEndpoints, AChangedAddressIsPutBack) {
  ASSERT_TRUE(until_found({"endpoints", "kubernetes"}).is_object());
  auto patched = kubectl({"patch", "endpoints", "kubernetes", "--type=merge", "-p",
                          R"({"subsets":[{"addresses":[{"ip":"10.81.0.99"}],"ports":)" + ports() + "}]}"});
  ASSERT_EQ(patched.exit_code, 0) << patched.err;
  std::string address;
  for (int i = 0; i < 300 && address != node().address(); ++i)
    address = kubectl({"get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].addresses[0].ip}"}).out;
  EXPECT_EQ(address, node().address());
}

}  // namespace
}  // namespace ks::testing
