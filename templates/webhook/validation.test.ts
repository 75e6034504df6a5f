
test('the {{kind}} validating webhook refuses what it reports, with field causes', async () => {
  await assert.rejects(env.client.create({{kind}}Resource, {{kindLower}}('refused', { foo: 'forbidden' })), (err: Error & { code?: number }) => {
    assert.equal(err.code, 422);
    assert.match(err.message, /spec\.foo: Forbidden/);
    return true;
  });
  await env.client.create({{kind}}Resource, {{kindLower}}('kept', { foo: 'set' }));
  await assert.rejects(
    env.client.patch({{kind}}Resource, { name: 'kept'{{testNamespace}} }, { spec: { foo: 'forbidden' } }, { type: 'merge' }),
    /spec\.foo: Forbidden/,
  );
  assert.equal((await env.client.get({{kind}}Resource, { name: 'kept'{{testNamespace}} })).spec?.foo, 'set');
});
