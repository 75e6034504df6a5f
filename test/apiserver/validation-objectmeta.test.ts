/**
 * The 256 KiB budget of an object's annotations is measured in UTF-8 bytes, as Kubernetes measures
 * Go strings: multi-byte values are refused once their bytes pass the limit even when their
 * characters do not, on an object's own metadata and on a pod template's, and on update.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raw } from './helpers.ts';
import { assertCauses, createAccepted, createRefused, NAME_PART, serverPerSuite } from './validation-helpers.ts';

const NS = 'objectmeta';
const LIMIT = 256 * 1024;
const TOO_LONG = `Too long: may not be more than ${LIMIT} bytes`;
const configMaps = `/api/v1/namespaces/${NS}/configmaps`;

/** `count` copies of a character that takes `bytes` bytes in UTF-8. */
function text(char: string, count: number, bytes: number): string {
  assert.equal(Buffer.byteLength(char), bytes);
  return char.repeat(count);
}

describe('annotation sizes are counted in bytes', () => {
  const api = serverPerSuite(NS);

  it('two-byte characters: exactly the limit is accepted, one byte more is refused', async () => {
    // Key 'ab' (2 bytes) + 131071 × 'é' (2 bytes each) = 262144 bytes, 131073 characters.
    const atLimit = { ab: text('é', (LIMIT - 2) / 2, 2) };
    await createAccepted(api(), configMaps, { metadata: { name: 'at-limit', annotations: atLimit } });
    // Key 'a' + 131072 × 'é' = 262145 bytes, yet only 131073 characters: far below the limit in characters.
    const over = { a: text('é', LIMIT / 2, 2) };
    assert.ok(Object.entries(over).reduce((n, [k, v]) => n + k.length + v.length, 0) < LIMIT);
    assertCauses(await createRefused(api(), configMaps, { metadata: { name: 'over', annotations: over } }), [`metadata.annotations: ${TOO_LONG}`]);
  });

  it('four-byte characters count four bytes, not their two UTF-16 units', async () => {
    const over = { k: text('😀', LIMIT / 4, 4) };
    assertCauses(await createRefused(api(), configMaps, { metadata: { name: 'emoji', annotations: over } }), [`metadata.annotations: ${TOO_LONG}`]);
    const under = { k: text('😀', LIMIT / 4 - 1, 4) };
    await createAccepted(api(), configMaps, { metadata: { name: 'emoji', annotations: under } });
  });

  it('bytes are summed over all annotations, keys included, with bad keys reported beside the size', async () => {
    const third = text('€', 29128, 3); // 87384 bytes
    const annotations = { 'one': third, 'two': third, 'Bad Key': third };
    assertCauses(await createRefused(api(), configMaps, { metadata: { name: 'summed', annotations } }), [
      `metadata.annotations: Invalid value: "Bad Key": ${NAME_PART}`,
      `metadata.annotations: ${TOO_LONG}`,
    ]);
  });

  it('an update past the limit is refused, and pod templates count the same way', async () => {
    const stored = await createAccepted(api(), configMaps, { metadata: { name: 'grows', annotations: { a: 'x' } } });
    const grown = { ...stored, metadata: { ...stored.metadata, annotations: { a: text('é', LIMIT / 2, 2) } } };
    const res = await raw(api(), 'PUT', `${configMaps}/grows`, grown);
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, [`metadata.annotations: ${TOO_LONG}`]);

    const big = { a: text('é', LIMIT / 2, 2) };
    const containers = [{ name: 'c', image: 'nginx:1.27' }];
    const deployment = {
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' }, annotations: big }, spec: { containers } } },
    };
    assertCauses(await createRefused(api(), `/apis/apps/v1/namespaces/${NS}/deployments`, deployment), [`spec.template.annotations: ${TOO_LONG}`]);
  });
});
