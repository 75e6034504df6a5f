/**
 * Regeneration of a project's generated/ folder (CRDs, ClusterRole, typed clients, webhook
 * configurations) after a scaffolding command changed its APIs or controllers.
 */
import { join } from 'node:path';
import { generate, GenerateFailure, writeGenerated, type WriteResult } from '../generator/index.ts';
import type { AppliedChanges, FileChanges } from './changes.ts';
import { ScaffoldError } from './errors.ts';

/** Runs `tsop generate` for the project at dir; generation errors become one ScaffoldError. */
export async function regenerate(dir: string): Promise<WriteResult> {
  const outDir = join(dir, 'generated');
  try {
    const result = await generate({ apisDir: join(dir, 'apis'), controllersDir: join(dir, 'controllers'), webhooksDir: join(dir, 'webhooks'), outDir });
    return writeGenerated(outDir, result.files);
  } catch (err) {
    if (!(err instanceof GenerateFailure)) throw err;
    const first = err.errors[0];
    throw new ScaffoldError('invalid-input', `generation failed (${err.errors.length} error(s))${first ? `: ${first.format(dir)}` : ''}`);
  }
}

/**
 * Writes the changes, then regenerates unless `generate` is false; a failed generation puts the
 * files back, so a scaffolding command changes nothing on failure.
 */
export async function applyAndRegenerate(dir: string, changes: FileChanges, opts: { force?: boolean; generate?: boolean }): Promise<AppliedChanges & { generated: string[] }> {
  const applied = changes.apply({ force: opts.force });
  let generated: string[] = [];
  if (opts.generate !== false) {
    try {
      generated = (await regenerate(dir)).written.map((p) => `generated/${p}`);
    } catch (err) {
      applied.undo();
      throw err;
    }
  }
  return { written: applied.written, skipped: applied.skipped, generated };
}
