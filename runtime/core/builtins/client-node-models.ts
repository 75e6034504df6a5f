/**
 * Reads the generated model classes of @kubernetes/client-node as data. The package is generated
 * from the Kubernetes OpenAPI spec of its release branch, so each model's d.ts (descriptions,
 * optional marks) and attributeTypeMap (types, formats) are that spec in another syntax. Files are
 * read lazily, one model at a time, and cached.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One property of a client-node model. */
export interface ClientNodeProperty {
  /** JSON name. */
  baseName: string;
  /** client-node type text: `string`, `number`, `Array<V1Container>`, `{ [key: string]: string; }`, `Date`, `IntOrString`, `any`, a model name. */
  type: string;
  /** OpenAPI format: int32, int64, double, byte, date-time, date-time-micro, int-or-string or ''. */
  format: string;
  description?: string;
  required: boolean;
}

/** A client-node model class. */
export interface ClientNodeModel {
  name: string;
  description?: string;
  properties: ClientNodeProperty[];
}

let modelsDir: string | undefined;

/** Absolute path of client-node's dist/gen/models directory. */
export function clientNodeModelsDir(): string {
  modelsDir ??= join(dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node'))), 'gen', 'models');
  return modelsDir;
}

const cache = new Map<string, ClientNodeModel | undefined>();

/** The model named `name` (e.g. `V1PodSpec`), or undefined when client-node has no such class. */
export function readClientNodeModel(name: string): ClientNodeModel | undefined {
  if (cache.has(name)) return cache.get(name);
  const model = load(name);
  cache.set(name, model);
  return model;
}

function load(name: string): ClientNodeModel | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  const base = join(clientNodeModelsDir(), name);
  if (!existsSync(`${base}.js`) || !existsSync(`${base}.d.ts`)) return undefined;
  const js = readFileSync(`${base}.js`, 'utf8');
  const map = /\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(js);
  if (!map) return undefined; // enums and aliases carry no properties
  const attrs = JSON.parse(map[1]!) as { name: string; baseName: string; type: string; format: string }[];
  const dts = readFileSync(`${base}.d.ts`, 'utf8');
  const docs = propertyDocs(dts);
  const classDoc = /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\nexport declare class/.exec(dts);
  return {
    name,
    description: classDoc ? unescapeDoc(classDoc[1]!) : undefined,
    properties: attrs.map((a) => ({
      baseName: a.baseName,
      type: a.type,
      format: a.format,
      description: docs.get(a.name)?.description,
      required: docs.get(a.name)?.required ?? false,
    })),
  };
}

/** Property name -> description and required flag, from the d.ts declarations. */
function propertyDocs(dts: string): Map<string, { description?: string; required: boolean }> {
  const out = new Map<string, { description?: string; required: boolean }>();
  const re = /(?:\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\n)?\s*'([^']+)'(\?)?: /g;
  for (const m of dts.matchAll(re)) {
    out.set(m[2]!, { description: m[1] === undefined ? undefined : unescapeDoc(m[1]), required: m[3] !== '?' });
  }
  return out;
}

/** Joins JSDoc lines and undoes the generator's escaping of quotes and comment terminators. */
function unescapeDoc(lines: string): string | undefined {
  const text = lines
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
    .replace(/\*_\//g, '*/')
    .replace(/\\(['"\\])/g, '$1');
  return text || undefined;
}
