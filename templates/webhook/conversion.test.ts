
test('the {{kind}} conversion webhook answers ConversionReviews at /convert', async () => {
  const review = (desiredAPIVersion: string) => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'ConversionReview',
    request: { uid: 'c-1', desiredAPIVersion, objects: [{{kindLower}}('converted', { foo: 'x' })] },
  });
  const same = await mgr.webhookServer.handle('/convert', review('{{fullGroup}}/{{version}}')) as { response: { result: { status: string }; convertedObjects: unknown[] } };
  assert.equal(same.response.result.status, 'Success');
  assert.equal(same.response.convertedObjects.length, 1);
  const unknown = await mgr.webhookServer.handle('/convert', review('{{fullGroup}}/v999')) as { response: { result: { status: string; message: string } } };
  assert.equal(unknown.response.result.status, 'Failure');
  assert.match(unknown.response.result.message, /no conversion for version v999/);
});
