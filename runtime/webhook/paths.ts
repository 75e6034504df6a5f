/**
 * Where webhooks are served, following kubebuilder's convention so that `+kubebuilder:webhook`
 * markers written for Go projects keep their paths: `/mutate-<group with dashes>-<version>-<kind>`,
 * `/validate-…`, and one `/convert` for every conversion webhook.
 */
import type { ResourceDescriptor } from '../core/gvk.ts';

function suffix(desc: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>): string {
  const group = desc.group ? desc.group.replace(/\./g, '-') : 'core';
  return `${group}-${desc.version}-${desc.kind.toLowerCase()}`;
}

/** Path of the defaulting (mutating) webhook of a kind: `/mutate-locust-io-v2-locusttest`. */
export function mutatePath(desc: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>): string {
  return `/mutate-${suffix(desc)}`;
}

/** Path of the validating webhook of a kind: `/validate-locust-io-v2-locusttest`. */
export function validatePath(desc: Pick<ResourceDescriptor, 'group' | 'version' | 'kind'>): string {
  return `/validate-${suffix(desc)}`;
}

/** Path of the conversion webhook shared by every kind (controller-runtime's `/convert`). */
export const CONVERT_PATH = '/convert';
