// Validates static Pod manifests (and addon Deployments) with the kubernetes-models schema (an implementation
// independent of kubestrap). Usage: node validate-pods.mjs FILE...; exits 1 and names the file and the
// problem on failure.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { Pod } from "kubernetes-models/v1/Pod";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const object = yaml.load(readFileSync(file, "utf8"));
    if (object?.kind === "Pod" && object?.apiVersion === "v1") new Pod(object).validate();
    else if (object?.kind === "Deployment" && object?.apiVersion === "apps/v1") new Deployment(object).validate();
    else throw new Error("not a v1 Pod nor an apps/v1 Deployment");
    console.log(`ok ${file}`);
  } catch (error) {
    failed++;
    console.log(`invalid ${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
