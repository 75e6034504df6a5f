/**
 * A set of file writes planned in full before any is made: conflicts are found first (so a
 * failing command changes nothing), and a failure part-way restores what was there before.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ScaffoldError } from './errors.ts';

/** One planned file. */
interface PlannedFile {
  path: string;
  content: string;
  /** Edits of existing files (registration lines) are expected; only new files conflict. */
  edit: boolean;
}

/** What apply() did, for the command's report. */
export interface AppliedChanges {
  written: string[];
  skipped: string[];
}

/** Files to write under a root directory. */
export class FileChanges {
  readonly root: string;
  readonly #files: PlannedFile[] = [];

  constructor(root: string) {
    this.root = root;
  }

  /** Plans a new file (a conflict when it exists and force is off). */
  add(path: string, content: string): void {
    this.#files.push({ path, content, edit: false });
  }

  /** Plans the new content of an existing file. */
  edit(path: string, content: string): void {
    this.#files.push({ path, content, edit: true });
  }

  /** The planned paths, relative to the root. */
  get paths(): string[] {
    return this.#files.map((f) => f.path);
  }

  /**
   * Writes the files. Existing files are skipped (skipExisting), overwritten (force), or make the
   * whole set fail before anything is written.
   */
  apply(opts: { force?: boolean; skipExisting?: boolean } = {}): AppliedChanges & { undo(): void } {
    const existing = this.#files.filter((f) => !f.edit && existsSync(join(this.root, f.path)));
    if (existing.length && !opts.force && !opts.skipExisting) {
      throw new ScaffoldError('conflict', `${existing.map((f) => f.path).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
    }
    const before = new Map<string, string | undefined>();
    const written: string[] = [];
    const skipped: string[] = [];
    const undo = () => {
      for (const [path, content] of [...before].reverse()) {
        if (content === undefined) rmSync(join(this.root, path), { force: true });
        else writeFileSync(join(this.root, path), content);
      }
    };
    try {
      for (const f of this.#files) {
        const abs = join(this.root, f.path);
        const old = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
        if (old !== undefined && !f.edit && !opts.force) {
          skipped.push(f.path);
          continue;
        }
        if (old === f.content) continue;
        if (!before.has(f.path)) before.set(f.path, old);
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, f.content);
        written.push(f.path);
      }
    } catch (err) {
      undo();
      throw err;
    }
    return { written, skipped, undo };
  }
}

/** A path relative to the working directory, for messages. */
export function displayPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}
