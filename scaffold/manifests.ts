/**
 * The deploy bundle on disk: `deploy/install.yaml` (everything, in apply order), a kustomize
 * tree under `deploy/config/` (crd, rbac, manager, default) and, on request, a Helm chart
 * under `deploy/chart/` whose image and replica count are values.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../runtime/core/meta.ts';
import { bundleObjects, type Bundle } from './bundle.ts';
import type { ProjectFile } from './project.ts';

/** Renders objects as one multi-document YAML text. */
export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

function fileName(obj: KubeObject): string {
  return `${(obj.kind ?? 'object').toLowerCase()}_${obj.metadata.name}.yaml`;
}

function kustomization(resources: string[], extra: Record<string, unknown> = {}): string {
  return stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...extra, resources });
}

/** Files of the bundle, keyed by path relative to the project (`deploy/...`). */
export function renderBundleFiles(b: Bundle, p: ProjectFile, opts: { helm?: boolean; image: string }): Map<string, string> {
  const files = new Map<string, string>();
  files.set('deploy/install.yaml', `# ${p.projectName} operator: CRDs, RBAC and the controller manager (${opts.image}).\n# kubectl apply --server-side -f deploy/install.yaml, or: npx tsop deploy\n${toYaml(bundleObjects(b))}`);
  const parts = [['crd', b.crds], ['rbac', b.rbac], ['manager', b.manager], ['webhook', b.webhook]] as const;
  for (const [part, objects] of parts) {
    if (!objects.length) continue;
    const names: string[] = [];
    for (const obj of objects) {
      names.push(fileName(obj));
      files.set(`deploy/config/${part}/${fileName(obj)}`, toYaml([obj]));
    }
    files.set(`deploy/config/${part}/kustomization.yaml`, kustomization(names));
  }
  const included = parts.filter(([, objects]) => objects.length).map(([part]) => `../${part}`);
  files.set('deploy/config/default/kustomization.yaml', kustomization(included, { labels: [{ pairs: { 'app.kubernetes.io/part-of': p.projectName } }] }));
  if (opts.helm) for (const [path, text] of renderChart(b, p, opts.image)) files.set(path, text);
  return files;
}

const IMAGE_SLOT = '__TSOP_IMAGE__';
const REPLICAS_SLOT = 987654321;

/** A Helm chart: CRDs in crds/, the rest in one template with image and replicas as values. */
function renderChart(b: Bundle, p: ProjectFile, image: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set('deploy/chart/Chart.yaml', stringify({ apiVersion: 'v2', name: p.projectName, description: `The ${p.projectName} operator`, type: 'application', version: '0.1.0', appVersion: '0.1.0' }));
  files.set('deploy/chart/values.yaml', stringify({ image, replicas: 2 }));
  for (const crd of b.crds) files.set(`deploy/chart/crds/${fileName(crd)}`, toYaml([crd]));
  const templated = [...b.rbac, ...b.manager, ...b.webhook].map((o) => {
    if (o.kind !== 'Deployment') return o;
    const copy = structuredClone(o) as KubeObject & { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    copy.spec.replicas = REPLICAS_SLOT;
    copy.spec.template.spec.containers[0]!.image = IMAGE_SLOT;
    return copy;
  });
  const text = toYaml(templated).replace(IMAGE_SLOT, '{{ .Values.image | quote }}').replace(String(REPLICAS_SLOT), '{{ .Values.replicas }}');
  files.set('deploy/chart/templates/operator.yaml', text);
  return files;
}
