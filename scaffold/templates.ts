/**
 * Project templates: real files under the package's templates/ folder with `{{name}}`
 * placeholders, so they can be read and edited as the files they become.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ScaffoldError } from './errors.ts';

let templatesRoot: string | undefined;

/** The templates/ folder of this package, found from source (scaffold/) or compiled (dist/scaffold/) code. */
export function templatesDir(): string {
  if (templatesRoot) return templatesRoot;
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'init', 'package.json'))) return (templatesRoot = candidate);
    if (dirname(dir) === dir) throw new ScaffoldError('missing', 'the tsop templates folder is missing from this installation');
  }
}

/** Values substituted for `{{name}}` placeholders. */
export type TemplateValues = Record<string, string>;

/** Replaces every `{{name}}`; an unknown placeholder is a bug in the template, so it throws. */
export function fillTemplate(text: string, values: TemplateValues, name = 'template'): string {
  return text.replace(/\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`${name}: no value for placeholder {{${key}}}`);
    return value;
  });
}

/** Reads templates/<path> and fills it in. */
export function renderTemplate(path: string, values: TemplateValues): string {
  return fillTemplate(readFileSync(join(templatesDir(), path), 'utf8'), values, path);
}
