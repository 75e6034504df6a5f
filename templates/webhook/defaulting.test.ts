
test('the {{kind}} defaulting webhook answers with a JSON patch of the defaults', async () => {
  const out = await server.review('/mutate-{{groupDashed}}-{{version}}-{{kindLower}}', review('CREATE', sample));
  const response = out.response as { uid: string; allowed: boolean; patchType?: string; patch?: string };
  assert.equal(response.uid, 'u-1');
  assert.equal(response.allowed, true);
  assert.equal(response.patchType, 'JSONPatch');
  const ops = JSON.parse(Buffer.from(response.patch!, 'base64').toString('utf8')) as { op: string; path: string; value: unknown }[];
  assert.deepEqual(ops, [{ op: 'replace', path: '/spec', value: { foo: 'default' } }]);
});
