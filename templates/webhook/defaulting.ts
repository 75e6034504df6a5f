
/**
 * Sets the defaults of a {{kind}} on create and update, in place; the server answers with a JSON
 * patch of what changed. Defaults that need no logic are better as `+kubebuilder:default` markers.
 * +kubebuilder:webhook:path=/mutate-{{groupDashed}}-{{version}}-{{kindLower}},mutating=true,failurePolicy=fail,sideEffects=None,groups={{fullGroup}},resources={{plural}},verbs=create;update,versions={{version}},name=m{{kindLower}}-{{version}}.{{fullGroup}},admissionReviewVersions=v1,serviceName={{projectName}}-webhook-service,serviceNamespace={{projectName}}-system
 */
export function default{{kind}}(obj: {{kind}}, req: AdmissionRequest): void {
  void req;
  obj.spec ??= {};
  obj.spec.foo ??= 'default';
}
