#include "tests/support/control_plane/api_schema.hpp"

#include <sstream>

namespace ks::standin {

namespace {

// The JSON fields of the Go types kube-apiserver 1.32 decodes the served kinds into, from
// staging/src/k8s.io/api/{core,apps,rbac,certificates,coordination}/v1/types.go and
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go. One line a type: `field` is taken as it is,
// `field:Type` decodes into Type, `field:[Type]` is a list of Type, and a trailing `+key` (`+` for
// scalars) is the field's `patchStrategy:"merge"` with its `patchMergeKey`. Lists without `+` are
// replaced by a strategic merge patch, as they are in Kubernetes: NodeSpec.taints, tolerations,
// command/args and PolicyRule lists carry no patch strategy there.
constexpr std::string_view kTypes = R"(
ObjectMeta: name generateName namespace selfLink uid resourceVersion generation creationTimestamp
  deletionTimestamp deletionGracePeriodSeconds labels annotations ownerReferences:[OwnerReference]+uid
  finalizers+ managedFields
OwnerReference: apiVersion kind name uid controller blockOwnerDeletion
ConfigMap: apiVersion kind metadata:ObjectMeta immutable data binaryData
Secret: apiVersion kind metadata:ObjectMeta immutable data stringData type
Namespace: apiVersion kind metadata:ObjectMeta spec:NamespaceSpec status:NamespaceStatus
NamespaceSpec: finalizers
NamespaceStatus: phase conditions+type
Node: apiVersion kind metadata:ObjectMeta spec:NodeSpec status:NodeStatus
NodeSpec: podCIDR podCIDRs+ providerID unschedulable taints:[Taint] configSource externalID
Taint: key value effect timeAdded
NodeStatus: capacity allocatable phase conditions:[NodeCondition]+type addresses:[NodeAddress]+type
  daemonEndpoints nodeInfo:NodeSystemInfo images volumesInUse volumesAttached config runtimeHandlers features
NodeCondition: type status lastHeartbeatTime lastTransitionTime reason message
NodeAddress: type address
NodeSystemInfo: machineID systemUUID bootID kernelVersion osImage containerRuntimeVersion kubeletVersion
  kubeProxyVersion operatingSystem architecture swap
Service: apiVersion kind metadata:ObjectMeta spec:ServiceSpec status
ServiceSpec: ports:[ServicePort]+port selector clusterIP clusterIPs type externalIPs sessionAffinity
  loadBalancerIP loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort
  publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts
  loadBalancerClass internalTrafficPolicy trafficDistribution
ServicePort: name protocol appProtocol port targetPort nodePort
ServiceAccount: apiVersion kind metadata:ObjectMeta secrets+name imagePullSecrets automountServiceAccountToken
Endpoints: apiVersion kind metadata:ObjectMeta subsets
Pod: apiVersion kind metadata:ObjectMeta spec:PodSpec status:PodStatus
PodStatus: phase conditions+type message reason nominatedNodeName hostIP hostIPs+ip podIP podIPs+ip startTime
  initContainerStatuses containerStatuses qosClass ephemeralContainerStatuses resize resourceClaimStatuses
PodTemplateSpec: metadata:ObjectMeta spec:PodSpec
PodSpec: volumes:[Volume]+name initContainers:[Container]+name containers:[Container]+name
  ephemeralContainers+name restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy
  nodeSelector serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID
  hostIPC shareProcessNamespace securityContext imagePullSecrets+name hostname subdomain affinity
  schedulerName tolerations:[Toleration] hostAliases+ip priorityClassName priority dnsConfig readinessGates
  runtimeClassName enableServiceLinks preemptionPolicy overhead topologySpreadConstraints+topologyKey
  setHostnameAsFQDN os hostUsers schedulingGates+name resourceClaims+name resources
Container: name image command args workingDir ports:[ContainerPort]+containerPort envFrom
  env:[EnvVar]+name resources resizePolicy restartPolicy volumeMounts:[VolumeMount]+mountPath
  volumeDevices+devicePath livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle
  terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext stdin stdinOnce tty
ContainerPort: name hostPort containerPort protocol hostIP
EnvVar: name value valueFrom
VolumeMount: name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr
Probe: exec httpGet:HTTPGetAction tcpSocket grpc initialDelaySeconds timeoutSeconds periodSeconds
  successThreshold failureThreshold terminationGracePeriodSeconds
HTTPGetAction: path port host scheme httpHeaders
Toleration: key operator value effect tolerationSeconds
Volume: name hostPath:HostPathVolumeSource emptyDir configMap:ConfigMapVolumeSource
  secret:SecretVolumeSource projected downwardAPI persistentVolumeClaim csi ephemeral image nfs iscsi
  glusterfs rbd flexVolume cinder cephfs flocker fc azureFile azureDisk vsphereVolume quobyte
  photonPersistentDisk portworxVolume scaleIO storageos gcePersistentDisk awsElasticBlockStore gitRepo
HostPathVolumeSource: path type
ConfigMapVolumeSource: name items defaultMode optional
SecretVolumeSource: secretName items defaultMode optional
Deployment: apiVersion kind metadata:ObjectMeta spec:DeploymentSpec status:DeploymentStatus
DeploymentSpec: replicas selector template:PodTemplateSpec strategy:DeploymentStrategy minReadySeconds
  revisionHistoryLimit paused progressDeadlineSeconds
DeploymentStrategy: type rollingUpdate
DeploymentStatus: observedGeneration replicas updatedReplicas readyReplicas availableReplicas
  unavailableReplicas conditions+type collisionCount
DaemonSet: apiVersion kind metadata:ObjectMeta spec:DaemonSetSpec status:DaemonSetStatus
DaemonSetSpec: selector template:PodTemplateSpec updateStrategy:DaemonSetUpdateStrategy minReadySeconds
  revisionHistoryLimit
DaemonSetUpdateStrategy: type rollingUpdate
DaemonSetStatus: currentNumberScheduled numberMisscheduled desiredNumberScheduled numberReady
  observedGeneration updatedNumberScheduled numberAvailable numberUnavailable collisionCount conditions+type
Role: apiVersion kind metadata:ObjectMeta rules:[PolicyRule]
ClusterRole: apiVersion kind metadata:ObjectMeta rules:[PolicyRule] aggregationRule
PolicyRule: verbs apiGroups resources resourceNames nonResourceURLs
RoleBinding: apiVersion kind metadata:ObjectMeta subjects:[Subject] roleRef:RoleRef
ClusterRoleBinding: apiVersion kind metadata:ObjectMeta subjects:[Subject] roleRef:RoleRef
Subject: kind apiGroup name namespace
RoleRef: apiGroup kind name
CertificateSigningRequest: apiVersion kind metadata:ObjectMeta spec:CertificateSigningRequestSpec status
CertificateSigningRequestSpec: request signerName expirationSeconds usages username uid groups extra
Lease: apiVersion kind metadata:ObjectMeta spec:LeaseSpec
LeaseSpec: holderIdentity leaseDurationSeconds acquireTime renewTime leaseTransitions strategy
  preferredHolder
)";

FieldSchema parse_field(std::string_view token, std::string& name) {
  FieldSchema field;
  if (auto plus = token.find('+'); plus != std::string_view::npos) {
    field.merge = true;
    field.merge_key = token.substr(plus + 1);
    token = token.substr(0, plus);
  }
  auto colon = token.find(':');
  name = token.substr(0, colon);
  if (colon == std::string_view::npos) return field;
  auto type = token.substr(colon + 1);
  if (type.starts_with('[')) {
    field.list = true;
    type = type.substr(1, type.size() - 2);
  }
  field.type = type;
  return field;
}

std::map<std::string, TypeSchema, std::less<>> parse_types() {
  std::map<std::string, TypeSchema, std::less<>> types;
  std::istringstream text{std::string(kTypes)};
  std::string word;
  TypeSchema* current = nullptr;
  while (text >> word) {
    if (word.ends_with(':')) {
      word.pop_back();
      current = &types[word];
      current->name = word;
      continue;
    }
    std::string name;
    auto field = parse_field(word, name);
    current->fields[name] = std::move(field);
  }
  return types;
}

}  // namespace

const FieldSchema* TypeSchema::field(std::string_view json_name) const {
  auto found = fields.find(json_name);
  return found == fields.end() ? nullptr : &found->second;
}

const TypeSchema* schema_type(std::string_view name) {
  static const auto types = parse_types();
  auto found = types.find(name);
  return found == types.end() ? nullptr : &found->second;
}

const TypeSchema* field_type(const FieldSchema* field) {
  return field && !field->type.empty() ? schema_type(field->type) : nullptr;
}

}  // namespace ks::standin
