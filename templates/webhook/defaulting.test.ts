
test('the {{kind}} defaulting webhook fills in spec.foo', async () => {
  const created = await env.client.create({{kind}}Resource, {{kindLower}}('defaulted', {}));
  assert.equal(created.spec?.foo, 'default');
});
