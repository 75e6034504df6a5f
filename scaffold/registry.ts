/**
 * Edits of controllers/index.ts: `tsop create api` inserts an import and a registration call
 * just above the `+tsop:scaffold:` marker comments, once.
 */

/** Marker above which controller imports are inserted. */
export const IMPORTS_MARKER = '// +tsop:scaffold:imports';
/** Marker above which registration calls are inserted. */
export const CONTROLLERS_MARKER = '// +tsop:scaffold:controllers';
/** Marker above which webhook registrations are inserted (webhooks/index.ts). */
export const WEBHOOKS_MARKER = '// +tsop:scaffold:webhooks';

/** Inserts line above the marker (same indentation); undefined when the marker is gone. */
export function insertAbove(text: string, marker: string, line: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === marker);
  if (at < 0) return undefined;
  if (lines.some((l) => l.trim() === line.trim())) return text;
  const indent = /^\s*/.exec(lines[at]!)![0];
  lines.splice(at, 0, indent + line.trim());
  return lines.join('\n');
}

/** The registry with the controller added, or undefined when its markers were removed. */
export function registerController(text: string, kind: string, kindLower: string): string | undefined {
  const withImport = insertAbove(text, IMPORTS_MARKER, `import { register${kind}Controller } from './${kindLower}_controller.ts';`);
  return withImport === undefined ? undefined : insertAbove(withImport, CONTROLLERS_MARKER, `register${kind}Controller(mgr);`);
}

/** webhooks/index.ts with the kind's webhooks added, or undefined when its markers were removed. */
export function registerWebhooks(text: string, kind: string, kindLower: string): string | undefined {
  const withImport = insertAbove(text, IMPORTS_MARKER, `import { register${kind}Webhooks } from './${kindLower}_webhook.ts';`);
  return withImport === undefined ? undefined : insertAbove(withImport, WEBHOOKS_MARKER, `register${kind}Webhooks(mgr);`);
}
