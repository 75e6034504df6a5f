
/** Path of the {{kind}} conversion webhook (set in the CRD's spec.conversion by tsop build). */
export const {{kindLower}}ConversionPath = '/convert-{{groupDashed}}-{{kindLower}}';

/**
 * Converts a {{kind}} between the versions the CRD serves; {{version}} is the hub every other
 * version converts through. Fill in the field mappings when a second version is added.
 */
export const convert{{kind}}: Converter = (obj, to) => ({ ...obj, apiVersion: to });
