/**
 * The formats the pod validators (`pod-*.ts`) import under these names. New code imports from
 * formats.ts, addresses.ts and ../names.ts directly.
 */
export { ipErrors } from './addresses.ts';
export { configKeyErrors, labelMapErrors, portNameErrors, portNumberErrors } from './formats.ts';
/** IsQualifiedName's messages (an empty name part gets the pattern message too). */
export { qualifiedNameErrors as qualifiedNameMessages } from '../names.ts';
