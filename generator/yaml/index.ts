/**
 * controller-gen-compatible YAML output, shared by CRD generation, import round trips and RBAC
 * output.
 */
export { renderYaml, renderYamlDocuments, formatYamlNumber } from './emitter.ts';
export { compareYamlKeys, sortedYamlKeys } from './keys.ts';

import { renderYamlDocuments } from './emitter.ts';

/** Renders one CRD (or any object) as a controller-gen file: `---\n` followed by the YAML. */
export function renderCrdYaml(obj: unknown, header = ''): string {
  return renderYamlDocuments([obj], header);
}
