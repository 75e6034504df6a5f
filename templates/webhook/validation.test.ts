
test('the {{kind}} validating webhook refuses what validate{{kind}} reports', async () => {
  const ok = await server.review('/validate-{{groupDashed}}-{{version}}-{{kindLower}}', review('CREATE', { ...sample, spec: { foo: 'fine' } }));
  assert.equal((ok.response as { allowed: boolean }).allowed, true);
  const bad = await server.review('/validate-{{groupDashed}}-{{version}}-{{kindLower}}', review('UPDATE', sample, { ...sample, spec: { foo: 'set' } }));
  const response = bad.response as { allowed: boolean; status: { code: number; message: string } };
  assert.equal(response.allowed, false);
  assert.equal(response.status.code, 403);
  assert.match(response.status.message, /cannot be unset/);
});
