// Validates static Pod manifests with the kubernetes-models schema (an implementation independent of
// kubestrap). Usage: node validate-pods.mjs FILE...; exits 1 and names the file and the problem on failure.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { Pod } from "kubernetes-models/v1/Pod";

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const object = yaml.load(readFileSync(file, "utf8"));
    if (object?.kind !== "Pod" || object?.apiVersion !== "v1") throw new Error("not a v1 Pod");
    new Pod(object).validate();
    console.log(`ok ${file}`);
  } catch (error) {
    failed++;
    console.log(`invalid ${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
