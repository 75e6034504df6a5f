/** Authentication and authorization request shapes shared by the RBAC authorizer and the server. */
import type { KubeObject } from '../../runtime/core/meta.ts';

/** The authenticated user of a request (user.Info). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What a request asks to do (authorizer.Attributes). `nonResourcePath` marks a non-resource request. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  nonResourcePath?: string;
}

/** Where RBAC objects come from: the server's store, or plain arrays in tests. */
export interface RbacSource {
  list(kind: 'Role' | 'RoleBinding' | 'ClusterRole' | 'ClusterRoleBinding', namespace?: string): KubeObject[];
}

/** rbac/v1 PolicyRule. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** rbac/v1 Subject. */
export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** rbac/v1 RoleRef. */
export interface RoleRef {
  apiGroup?: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

/** The group whose members bypass authorization, as kube-apiserver's privileged-group authorizer does. */
export const systemMastersGroup = 'system:masters';
