// The official JavaScript client (@kubernetes/client-node, pinned 1.4.0) against a cluster, from a kubeconfig:
// list namespaces and nodes, read cluster-info, create, read back and delete a ConfigMap. Prints what it saw as JSON.
import * as k8s from '@kubernetes/client-node';

const kubeconfig = new k8s.KubeConfig();
kubeconfig.loadFromFile(process.argv[2]);
const core = kubeconfig.makeApiClient(k8s.CoreV1Api);
const seen = {};
try {
  const namespaces = await core.listNamespace();
  seen.namespaces = namespaces.items.map((ns) => ns.metadata.name).sort();
  const nodes = await core.listNode();
  seen.nodes = nodes.items.map((node) => node.metadata.name).sort();
  const info = await core.readNamespacedConfigMap({ name: 'cluster-info', namespace: 'kube-public' });
  seen.clusterInfoKeys = Object.keys(info.data).sort();
  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'from-client-node' }, data: { hello: 'world' } },
  });
  const back = await core.readNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' });
  seen.created = back.data;
  await core.deleteNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' });
  console.log(JSON.stringify(seen));
} catch (error) {
  console.error(`client-node: ${error.message ?? error}`);
  process.exit(1);
}
