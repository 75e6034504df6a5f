
/**
 * Conversion of {{kind}} through the hub version {{version}}: add one entry per other served
 * version (`toHub` and `fromHub`); tsop build points the CRD's spec.conversion at `/convert`.
 */
export const {{kindLower}}Conversions: Record<string, SpokeConversion<never, {{kind}}>> = {};
