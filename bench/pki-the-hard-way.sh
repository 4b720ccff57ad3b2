#!/usr/bin/env bash
# The same PKI as `kubestrap init` writes (10 certificates, the service-account pair and the five kubeconfig
# client certificates: 16 RSA-2048 keys), made the hard way with the openssl CLI, one process per step.
# Usage: pki-the-hard-way.sh DIR
set -euo pipefail
out="$1"
mkdir -p "$out/etcd"
cd "$out"
node=cp1
adv=192.168.1.10

ca() {  # name cn
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 3650 -out "$1.crt" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "subjectAltName=DNS:$2" 2>/dev/null
}

leaf() {  # name ca subject eku [san]
  local ext
  ext="keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=$4\nbasicConstraints=critical,CA:FALSE\nauthorityKeyIdentifier=keyid:always"
  [[ -n "${5:-}" ]] && ext="$ext\nsubjectAltName=$5"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -subj "$3" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 365 -out "$1.crt" \
    -extfile <(printf "$ext") 2>/dev/null
  rm -f "$1.csr"
}

ca ca kubernetes
leaf apiserver ca /CN=kube-apiserver serverAuth \
  "DNS:$node,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:$adv"
leaf apiserver-kubelet-client ca "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client" clientAuth
ca front-proxy-ca front-proxy-ca
leaf front-proxy-client front-proxy-ca /CN=front-proxy-client clientAuth
ca etcd/ca etcd-ca
leaf etcd/server etcd/ca "/CN=$node" serverAuth,clientAuth "DNS:$node,DNS:localhost,IP:$adv,IP:127.0.0.1,IP:::1"
leaf etcd/peer etcd/ca "/CN=$node" serverAuth,clientAuth "DNS:$node,DNS:localhost,IP:$adv,IP:127.0.0.1,IP:::1"
leaf etcd/healthcheck-client etcd/ca /CN=kube-etcd-healthcheck-client clientAuth
leaf apiserver-etcd-client etcd/ca /CN=kube-apiserver-etcd-client clientAuth
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
openssl pkey -in sa.key -pubout -out sa.pub
# The kubeconfig client certificates (the kubeconfig files themselves are text around them).
leaf admin ca "/O=kubeadm:cluster-admins/CN=kubernetes-admin" clientAuth
leaf super-admin ca "/O=system:masters/CN=kubernetes-super-admin" clientAuth
leaf kubelet ca "/O=system:nodes/CN=system:node:$node" clientAuth
leaf controller-manager ca /CN=system:kube-controller-manager clientAuth
leaf scheduler ca /CN=system:kube-scheduler clientAuth
