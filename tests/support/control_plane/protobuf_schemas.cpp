// Field numbers of the kinds kubectl 1.32 sends as protobuf, from k8s.io/api's generated.proto files:
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto (ObjectMeta, OwnerReference,
// LabelSelector), staging/src/k8s.io/api/core/v1/generated.proto, apps/v1, rbac/v1, certificates/v1,
// authorization/v1 and authentication/v1. Only the fields those commands can set are listed; status is read
// only where a subresource takes it (a CSR's approval).
#include <map>

#include "tests/support/control_plane/protobuf_schema.hpp"

namespace ks::standin {

namespace {

using T = ProtoType;

const ProtoSchema kOwnerReference = {{5, "apiVersion", T::String}, {1, "kind", T::String},
                                     {3, "name", T::String},       {4, "uid", T::String},
                                     {6, "controller", T::Bool},   {7, "blockOwnerDeletion", T::Bool}};
const ProtoSchema kObjectMeta = {{1, "name", T::String},
                                 {2, "generateName", T::String},
                                 {3, "namespace", T::String},
                                 {5, "uid", T::String},
                                 {6, "resourceVersion", T::String},
                                 {8, "creationTimestamp", T::Time},
                                 {11, "labels", T::StringMap},
                                 {12, "annotations", T::StringMap},
                                 {13, "ownerReferences", T::Message, &kOwnerReference, true},
                                 {14, "finalizers", T::String, nullptr, true}};
const ProtoSchema kLabelSelectorRequirement = {
    {1, "key", T::String}, {2, "operator", T::String}, {3, "values", T::String, nullptr, true}};
const ProtoSchema kLabelSelector = {{1, "matchLabels", T::StringMap},
                                    {2, "matchExpressions", T::Message, &kLabelSelectorRequirement, true}};

// core/v1: what `kubectl create deployment` puts in a Pod template.
const ProtoSchema kContainerPort = {{1, "name", T::String},
                                    {2, "hostPort", T::IntOmitZero},
                                    {3, "containerPort", T::IntOmitZero},
                                    {4, "protocol", T::String},
                                    {5, "hostIP", T::String}};
const ProtoSchema kEnvVar = {{1, "name", T::String}, {2, "value", T::String}};
const ProtoSchema kResourceRequirements = {};
const ProtoSchema kContainer = {{1, "name", T::String},
                                {2, "image", T::String},
                                {3, "command", T::String, nullptr, true},
                                {4, "args", T::String, nullptr, true},
                                {5, "workingDir", T::String},
                                {6, "ports", T::Message, &kContainerPort, true},
                                {7, "env", T::Message, &kEnvVar, true},
                                {8, "resources", T::Message, &kResourceRequirements},
                                {13, "terminationMessagePath", T::String},
                                {14, "imagePullPolicy", T::String},
                                {20, "terminationMessagePolicy", T::String}};
const ProtoSchema kToleration = {{1, "key", T::String},
                                 {2, "operator", T::String},
                                 {3, "value", T::String},
                                 {4, "effect", T::String},
                                 {5, "tolerationSeconds", T::Int}};
const ProtoSchema kPodSpec = {{2, "containers", T::Message, &kContainer, true},
                              {3, "restartPolicy", T::String},
                              {4, "terminationGracePeriodSeconds", T::Int},
                              {6, "dnsPolicy", T::String},
                              {7, "nodeSelector", T::StringMap},
                              {8, "serviceAccountName", T::String},
                              {10, "nodeName", T::String},
                              {11, "hostNetwork", T::BoolOmitFalse},
                              {20, "initContainers", T::Message, &kContainer, true},
                              {22, "tolerations", T::Message, &kToleration, true}};
const ProtoSchema kPodTemplateSpec = {{1, "metadata", T::Message, &kObjectMeta},
                                      {2, "spec", T::Message, &kPodSpec}};

// apps/v1 Deployment.
const ProtoSchema kRollingUpdateDeployment = {{1, "maxUnavailable", T::IntOrString},
                                              {2, "maxSurge", T::IntOrString}};
const ProtoSchema kDeploymentStrategy = {{1, "type", T::String},
                                         {2, "rollingUpdate", T::Message, &kRollingUpdateDeployment}};
const ProtoSchema kDeploymentSpec = {{1, "replicas", T::Int},
                                     {2, "selector", T::Message, &kLabelSelector},
                                     {3, "template", T::Message, &kPodTemplateSpec},
                                     {4, "strategy", T::Message, &kDeploymentStrategy},
                                     {5, "minReadySeconds", T::IntOmitZero},
                                     {6, "revisionHistoryLimit", T::Int},
                                     {7, "paused", T::BoolOmitFalse},
                                     {9, "progressDeadlineSeconds", T::Int}};

// rbac/v1.
const ProtoSchema kPolicyRule = {{1, "verbs", T::String, nullptr, true},
                                 {2, "apiGroups", T::String, nullptr, true},
                                 {3, "resources", T::String, nullptr, true},
                                 {4, "resourceNames", T::String, nullptr, true},
                                 {5, "nonResourceURLs", T::String, nullptr, true}};
const ProtoSchema kAggregationRule = {{1, "clusterRoleSelectors", T::Message, &kLabelSelector, true}};
const ProtoSchema kSubject = {
    {1, "kind", T::String}, {2, "apiGroup", T::String}, {3, "name", T::String}, {4, "namespace", T::String}};
const ProtoSchema kRoleRef = {{1, "apiGroup", T::String}, {2, "kind", T::String}, {3, "name", T::String}};
const ProtoSchema kBinding = {{1, "metadata", T::Message, &kObjectMeta},
                              {2, "subjects", T::Message, &kSubject, true},
                              {3, "roleRef", T::Message, &kRoleRef}};

// certificates/v1: `kubectl certificate approve|deny` sends the whole request to /approval.
const ProtoSchema kCsrSpec = {{1, "request", T::Bytes},
                              {2, "username", T::String},
                              {3, "uid", T::String},
                              {4, "groups", T::String, nullptr, true},
                              {5, "usages", T::String, nullptr, true},
                              {7, "signerName", T::String},
                              {8, "expirationSeconds", T::Int}};
const ProtoSchema kCsrCondition = {{1, "type", T::String},         {6, "status", T::String},
                                   {2, "reason", T::String},       {3, "message", T::String},
                                   {4, "lastUpdateTime", T::Time}, {5, "lastTransitionTime", T::Time}};
const ProtoSchema kCsrStatus = {{1, "conditions", T::Message, &kCsrCondition, true},
                                {2, "certificate", T::Bytes}};

// authorization/v1 and authentication/v1: `kubectl auth can-i` (also --list) and `kubectl auth whoami`.
const ProtoSchema kResourceAttributes = {{1, "namespace", T::String}, {2, "verb", T::String},
                                         {3, "group", T::String},     {4, "version", T::String},
                                         {5, "resource", T::String},  {6, "subresource", T::String},
                                         {7, "name", T::String}};
const ProtoSchema kNonResourceAttributes = {{1, "path", T::String}, {2, "verb", T::String}};
const ProtoSchema kAccessReviewSpec = {{1, "resourceAttributes", T::Message, &kResourceAttributes},
                                       {2, "nonResourceAttributes", T::Message, &kNonResourceAttributes}};
const ProtoSchema kRulesReviewSpec = {{1, "namespace", T::String}};

const ProtoSchema kMetadataOnly = {{1, "metadata", T::Message, &kObjectMeta}};

const std::map<std::string, ProtoSchema>& kinds() {
  static const std::map<std::string, ProtoSchema> table = {
      {"ConfigMap",
       {{1, "metadata", T::Message, &kObjectMeta},
        {2, "data", T::StringMap},
        {3, "binaryData", T::BytesMap},
        {4, "immutable", T::Bool}}},
      {"Secret",
       {{1, "metadata", T::Message, &kObjectMeta},
        {2, "data", T::BytesMap},
        {3, "type", T::String},
        {4, "stringData", T::StringMap},
        {5, "immutable", T::Bool}}},
      {"Namespace", kMetadataOnly},
      {"ServiceAccount", kMetadataOnly},
      {"Deployment", {{1, "metadata", T::Message, &kObjectMeta}, {2, "spec", T::Message, &kDeploymentSpec}}},
      {"Role", {{1, "metadata", T::Message, &kObjectMeta}, {2, "rules", T::Message, &kPolicyRule, true}}},
      {"ClusterRole",
       {{1, "metadata", T::Message, &kObjectMeta},
        {2, "rules", T::Message, &kPolicyRule, true},
        {3, "aggregationRule", T::Message, &kAggregationRule}}},
      {"RoleBinding", kBinding},
      {"ClusterRoleBinding", kBinding},
      {"CertificateSigningRequest",
       {{1, "metadata", T::Message, &kObjectMeta},
        {2, "spec", T::Message, &kCsrSpec},
        {3, "status", T::Message, &kCsrStatus}}},
      {"SelfSubjectAccessReview",
       {{1, "metadata", T::Message, &kObjectMeta}, {2, "spec", T::Message, &kAccessReviewSpec}}},
      {"SelfSubjectRulesReview",
       {{1, "metadata", T::Message, &kObjectMeta}, {2, "spec", T::Message, &kRulesReviewSpec}}},
      {"SelfSubjectReview", kMetadataOnly},
  };
  return table;
}

}  // namespace

const ProtoSchema* protobuf_kind_schema(const std::string& kind) {
  auto found = kinds().find(kind);
  return found == kinds().end() ? nullptr : &found->second;
}

}  // namespace ks::standin
