
/** Path of the {{kind}} validating webhook. */
export const {{kindLower}}ValidationPath = '/validate-{{groupDashed}}-{{version}}-{{kindLower}}';

/**
 * Checks a {{kind}} on create, update (old is the stored object) and delete; each string
 * returned is a reason to refuse. Rules that need only the object are better as
 * `+kubebuilder:validation:XValidation` (CEL) markers, which the API server checks itself.
 * +kubebuilder:webhook:path=/validate-{{groupDashed}}-{{version}}-{{kindLower}},mutating=false,failurePolicy=fail,sideEffects=None,groups={{fullGroup}},resources={{plural}},verbs=create;update;delete,versions={{version}},name=v{{kindLower}}-{{version}}.{{fullGroup}},admissionReviewVersions=v1,serviceName={{projectName}}-webhook-service,serviceNamespace={{projectName}}-system
 */
export function validate{{kind}}(obj: {{kind}}, old: {{kind}} | undefined, req: AdmissionRequest): string[] {
  const problems: string[] = [];
  if (req.operation === 'DELETE') return problems;
  if (obj.spec?.foo === 'forbidden') problems.push('spec.foo: "forbidden" is not allowed');
  if (old && old.spec?.foo !== undefined && obj.spec?.foo === undefined) problems.push('spec.foo: cannot be unset once set');
  return problems;
}
