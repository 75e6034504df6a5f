/**
 * RBAC generation: `+kubebuilder:rbac:…` markers in the controllers' TypeScript comments become
 * the `manager-role` ClusterRole plus namespaced Roles, laid out as controller-gen writes
 * config/rbac/role.yaml.
 */
import { findCommentMarkers, listTypeScriptFiles, type FoundMarker } from './commentMarkers.ts';
import { parseMarkerArgs, type MarkerArgSpec } from './markerArgs.ts';
import { buildRoles, type RbacMarker, type RoleRules } from './rules.ts';
import { renderYamlDocuments } from '../yaml/index.ts';

export { MarkerParseError } from './markerArgs.ts';
export type { PolicyRule, RbacMarker, RoleRules } from './rules.ts';

/** Options of {@link generateRbac}. */
export interface RbacOptions {
  /** Name of the role that collects markers without `roleName` (controller-gen `rbac:roleName`). */
  roleName?: string;
  /** Text written before the first document (a licence header). */
  header?: string;
}

const RBAC_MARKER = 'kubebuilder:rbac';

const STRINGS = { list: 'string' } as const;

const RBAC_ARGS: MarkerArgSpec = {
  groups: { type: STRINGS, optional: true },
  resources: { type: STRINGS, optional: true },
  resourceNames: { type: STRINGS, optional: true },
  verbs: { type: STRINGS },
  urls: { type: STRINGS, optional: true },
  namespace: { type: 'string', optional: true },
  roleName: { type: 'string', optional: true },
};

/**
 * Reads every `.ts` file under `controllersDir` (recursively) and returns the role.yaml text, or
 * undefined when no RBAC marker is present. Malformed markers throw {@link MarkerParseError}
 * naming the file and line.
 */
export async function generateRbac(controllersDir: string, opts: RbacOptions = {}): Promise<string | undefined> {
  const files = await listTypeScriptFiles(controllersDir);
  const found = await findCommentMarkers(files, RBAC_MARKER);
  return renderRoles(found.map(parseRbacMarker), opts);
}

/** Renders role.yaml from already parsed markers (undefined when they produce no rules). */
export function renderRoles(markers: RbacMarker[], opts: RbacOptions = {}): string | undefined {
  const roles = buildRoles(markers, opts.roleName ?? 'manager-role');
  if (roles.length === 0) return undefined;
  return renderYamlDocuments(roles.map(roleObject), opts.header ?? '');
}

/** Parses one marker occurrence into its rule arguments. */
export function parseRbacMarker(found: Pick<FoundMarker, 'text'> & Partial<FoundMarker>): RbacMarker {
  const args = parseMarkerArgs(found.text, RBAC_MARKER, RBAC_ARGS, found.file ? `${found.file}:${found.line}` : '');
  const list = (k: string): string[] => (args[k] as string[] | undefined) ?? [];
  return {
    groups: list('groups'),
    resources: list('resources'),
    resourceNames: list('resourceNames'),
    verbs: list('verbs'),
    urls: list('urls'),
    namespace: (args.namespace as string | undefined) ?? '',
    roleName: (args.roleName as string | undefined) ?? '',
  };
}

function roleObject(role: RoleRules): object {
  const metadata: Record<string, string> = { name: role.roleName };
  if (role.namespace) metadata.namespace = role.namespace;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: role.namespace ? 'Role' : 'ClusterRole',
    metadata,
    rules: role.rules,
  };
}
