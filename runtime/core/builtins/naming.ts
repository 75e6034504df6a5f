/** How Kubernetes names OpenAPI definitions: API group <-> Go package path. */

/** Definitions of apimachinery value types that client-node flattens to plain strings or `any`. */
export const scalarDefinitionNames: ReadonlySet<string> = new Set([
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);

/** Groups whose Go package name is not the first label of the group name. */
const packageExceptions: Record<string, string> = {
  '': 'io.k8s.api.core',
  'internal.apiserver.k8s.io': 'io.k8s.api.apiserverinternal',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
  'meta.k8s.io': 'io.k8s.apimachinery.pkg.apis.meta',
};

/** The definition-name prefix of a group version: ('apps', 'v1') -> 'io.k8s.api.apps.v1'. */
export function packageOfGroup(group: string, version: string): string {
  const base = packageExceptions[group] ?? `io.k8s.api.${group.split('.')[0]}`;
  return `${base}.${version}`;
}
