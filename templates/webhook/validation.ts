
/** What is wrong with a {{kind}} (old: the stored object on update). */
function {{kindLower}}Problems(obj: {{kind}}, old?: {{kind}}): StatusCause[] {
  const causes: StatusCause[] = [];
  if (obj.spec?.foo === 'forbidden') causes.push({ reason: 'FieldValueForbidden', field: 'spec.foo', message: 'Forbidden: "forbidden" is not allowed' });
  if (old?.spec?.foo !== undefined && obj.spec?.foo === undefined) causes.push({ reason: 'FieldValueRequired', field: 'spec.foo', message: 'Required value: cannot be unset once set' });
  return causes;
}

function check{{kind}}(obj: {{kind}}, old?: {{kind}}): void {
  const causes = {{kindLower}}Problems(obj, old);
  // An Invalid error reaches the client as the API server's own 422 with field causes.
  if (causes.length) throw invalid('{{fullGroup}}', '{{kind}}', obj.metadata?.name ?? '', causes);
}

/**
 * Checks of a {{kind}} on create, update and delete: return warnings, or throw to refuse. Rules
 * that need only the object are better as `+kubebuilder:validation:XValidation` (CEL) markers,
 * which the API server evaluates itself.
 * +kubebuilder:webhook:path=/validate-{{groupDashed}}-{{version}}-{{kindLower}},mutating=false,failurePolicy=fail,sideEffects=None,groups={{fullGroup}},resources={{plural}},verbs=create;update,versions={{version}},name=v{{kindLower}}-{{version}}.{{fullGroup}},admissionReviewVersions=v1,serviceName={{projectName}}-webhook-service,serviceNamespace={{projectName}}-system
 */
export const {{kindLower}}Validator: ValidateFns<{{kind}}> = {
  validateCreate: (obj) => { check{{kind}}(obj); },
  validateUpdate: (old, obj) => { check{{kind}}(obj, old); },
};
