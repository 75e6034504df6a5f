/**
 * Writing generated files: each one atomically (temporary file + rename), stale CRD files of a
 * previous run removed, and a dry-run mode that lists what would change for `--check`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths (relative to the output directory) that differ from what is on disk. */
export interface WriteResult {
  written: string[];
  removed: string[];
}

/** Directories whose files are entirely owned by generation (stale files are removed). */
const OWNED_DIRS = ['crds'];

function staleFiles(outDir: string, files: Map<string, string>): string[] {
  const stale: string[] = [];
  for (const dir of OWNED_DIRS) {
    const abs = join(outDir, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      const rel = `${dir}/${name}`;
      if (name.endsWith('.yaml') && !files.has(rel)) stale.push(rel);
    }
  }
  return stale;
}

/** What writing `files` into `outDir` would change, without touching the disk. */
export function plannedChanges(outDir: string, files: Map<string, string>): WriteResult {
  const written: string[] = [];
  for (const [rel, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const abs = join(outDir, rel);
    if (!existsSync(abs) || readFileSync(abs, 'utf8') !== content) written.push(rel);
  }
  return { written, removed: staleFiles(outDir, files) };
}

/** Writes the files that changed and removes stale ones; returns what was done. */
export function writeGenerated(outDir: string, files: Map<string, string>): WriteResult {
  const changes = plannedChanges(outDir, files);
  for (const rel of changes.written) {
    const abs = join(outDir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    writeFileSync(tmp, files.get(rel)!);
    renameSync(tmp, abs);
  }
  for (const rel of changes.removed) rmSync(join(outDir, rel), { force: true });
  return changes;
}
