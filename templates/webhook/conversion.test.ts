
test('the {{kind}} conversion webhook converts every object to the desired version', async () => {
  const out = await server.review('/convert-{{groupDashed}}-{{kindLower}}', {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview',
    request: { uid: 'c-1', desiredAPIVersion: '{{fullGroup}}/v0', objects: [sample] },
  });
  const response = out.response as { uid: string; convertedObjects: { apiVersion: string }[]; result: { status: string } };
  assert.equal(response.result.status, 'Success');
  assert.deepEqual(response.convertedObjects.map((o) => o.apiVersion), ['{{fullGroup}}/v0']);
});
