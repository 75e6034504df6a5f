import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webhookServer } from '../webhooks/index.ts';
import type { {{kind}} } from '../apis/{{group}}/{{version}}/{{kindLower}}_types.ts';

const server = webhookServer();
const sample: {{kind}} = { apiVersion: '{{fullGroup}}/{{version}}', kind: '{{kind}}', metadata: { name: 'a', namespace: 'default' }, spec: {} };

function review(operation: string, object: unknown, oldObject?: unknown) {
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: { uid: 'u-1', operation, kind: { group: '{{fullGroup}}', version: '{{version}}', kind: '{{kind}}' }, object, oldObject },
  };
}
