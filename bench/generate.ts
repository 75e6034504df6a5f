/**
 * Generation benchmark: `tsop generate` (the generator library, CRDs only) against
 * ts-json-schema-generator on the same TypeScript types, in the same run: the seed APIs under
 * apis/ and synthetic group-versions of 10, 100 and 1000 kinds written to a temporary directory.
 *
 * Each figure is the median of --runs timed runs after one warm-up run; the cold first run is
 * printed too. ts-json-schema-generator runs without type checking (its fastest mode) and emits one
 * schema per kind; tsop emits complete CRDs (markers, validation, flattening, YAML).
 *
 *   node bench/generate.ts [--sizes 10,100,1000] [--runs 3]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createGenerator } from 'ts-json-schema-generator';
import { generate } from '../generator/index.ts';

const repo = resolve(new URL('..', import.meta.url).pathname);
const runtimeTypes = join(repo, 'runtime', 'types.ts');

interface Case {
  name: string;
  apisDir: string;
  /** The kind type names, for ts-json-schema-generator. */
  kinds: string[];
}

interface Timing {
  coldMs: number;
  medianMs: number;
  error?: string;
}

/** Writes one group-version with `n` kinds of a realistic shape (nested structs, markers, lists, maps). */
function writeSyntheticPackage(root: string, n: number): Case {
  const dir = join(root, `synth${n}`, 'bench', 'v1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'groupversion.ts'), [
    '/**', ' * @packageDocumentation', ' * +groupName=bench.tsop.dev', ' * +versionName=v1', ' */',
    '', '/** The group-version of the synthetic kinds. */',
    "export const GroupVersion = { group: 'bench.tsop.dev', version: 'v1' } as const;", '',
  ].join('\n'));
  const kinds: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = `Widget${i}`;
    kinds.push(k);
    writeFileSync(join(dir, `widget${i}_types.ts`), syntheticKind(k, `widget${i}s`, relative(dir, runtimeTypes)));
  }
  return { name: `synthetic ${n}`, apisDir: join(root, `synth${n}`), kinds };
}

/** One kind's source; `typesImport` is the relative path of runtime/types.ts (the generator resolves relative imports). */
function syntheticKind(kind: string, plural: string, typesImport: string): string {
  return `import type { Condition, ObjectMeta, Quantity, Time, int32, int64 } from ${JSON.stringify(typesImport)};

/**
 * ${kind} is a synthetic kind.
 * +kubebuilder:resource:path=${plural},shortName={${plural.slice(0, -1)}x}
 * +kubebuilder:subresource:status
 * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=".status.phase"
 * +kubebuilder:printcolumn:name="Age",type=date,JSONPath=".metadata.creationTimestamp"
 */
export interface ${kind} {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  /** Desired state. */
  spec: ${kind}Spec;
  /** Observed state. */
  status?: ${kind}Status;
}

/** ${kind}Spec is the desired state. */
export interface ${kind}Spec {
  /**
   * Number of copies.
   * +kubebuilder:validation:Minimum=1
   * +kubebuilder:validation:Maximum=100
   * +kubebuilder:default=1
   */
  replicas?: int32;
  /**
   * Image to run.
   * +kubebuilder:validation:MinLength=1
   */
  image: string;
  /** How eagerly to pull. */
  pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Memory budget. */
  memory?: Quantity;
  /** Labels to apply. */
  labels?: Record<string, string>;
  /**
   * Ports to expose.
   * +listType=map
   * +listMapKey=name
   */
  ports?: ${kind}Port[];
  /** Arguments. */
  args?: string[];
  /** Schedule. */
  schedule?: ${kind}Schedule;
}

/** ${kind}Port is one port. */
export interface ${kind}Port {
  /** Port name. */
  name: string;
  /**
   * Port number.
   * +kubebuilder:validation:Minimum=1
   * +kubebuilder:validation:Maximum=65535
   */
  port: int32;
  /** Protocol. */
  protocol?: 'TCP' | 'UDP';
}

/**
 * ${kind}Schedule says when to run.
 * +kubebuilder:validation:XValidation:rule="self.start <= self.end",message="start must not be after end"
 */
export interface ${kind}Schedule {
  /** First run, in seconds of the day. */
  start: int64;
  /** Last run, in seconds of the day. */
  end: int64;
  /** Time zone name. */
  timeZone?: string;
}

/** ${kind}Status is the observed state. */
export interface ${kind}Status {
  /** Phase. */
  phase?: 'Pending' | 'Ready' | 'Failed';
  /** Last change. */
  lastUpdated?: Time;
  /**
   * Conditions.
   * +listType=map
   * +listMapKey=type
   */
  conditions?: Condition[];
  /** Generation seen. */
  observedGeneration?: int64;
}
`;
}

/** The seed APIs: every exported interface that has apiVersion, kind and metadata. */
function seedCase(): Case {
  const kinds: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('_types.ts')) {
        const text = readFileSyncUtf8(p);
        for (const m of text.matchAll(/export interface (\w+) \{\n\s+apiVersion: string;\n\s+kind: string;/g)) kinds.push(m[1]!);
      }
    }
  };
  walk(join(repo, 'apis'));
  return { name: 'seed APIs', apisDir: join(repo, 'apis'), kinds: [...new Set(kinds)] };
}

function readFileSyncUtf8(p: string): string {
  return readFileSync(p, 'utf8');
}

async function timeIt(runs: number, fn: () => Promise<unknown> | unknown): Promise<Timing> {
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  try {
    const coldMs = await once();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await once());
    samples.sort((a, b) => a - b);
    return { coldMs, medianMs: samples[Math.floor(samples.length / 2)] ?? coldMs };
  } catch (err) {
    return { coldMs: NaN, medianMs: NaN, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

async function runTsop(c: Case): Promise<number> {
  const result = await generate({ apisDir: c.apisDir, extras: false });
  // Every kind must come out, or the timing would flatter a partial run.
  if (result.kinds.length < c.kinds.length) throw new Error(`tsop produced ${result.kinds.length} of ${c.kinds.length} kinds`);
  return result.files.size;
}

function runTsJsonSchemaGenerator(c: Case, tsconfig: string): number {
  const generator = createGenerator({
    path: join(c.apisDir, '**', '*.ts'),
    tsconfig,
    skipTypeCheck: true,
    expose: 'none',
    jsDoc: 'extended',
    topRef: false,
    additionalProperties: false,
  });
  let schemas = 0;
  for (const kind of c.kinds) {
    generator.createSchema(kind);
    schemas++;
  }
  return schemas;
}

function fmt(ms: number): string {
  return Number.isNaN(ms) ? 'n/a' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100,1000' }, runs: { type: 'string', default: '3' } } });
  const sizes = values.sizes.split(',').map(Number).filter((n) => n > 0);
  const runs = Math.max(1, Number(values.runs));
  const work = mkdtempSync(join(tmpdir(), 'tsop-bench-generate-'));
  const tsconfig = join(work, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
      allowImportingTsExtensions: true, skipLibCheck: true, baseUrl: repo, typeRoots: [join(repo, 'node_modules', '@types')],
    },
  }));
  try {
    const cases = [seedCase(), ...sizes.map((n) => writeSyntheticPackage(work, n))];
    console.log(`generate benchmark — median of ${runs} warm runs (cold run in parentheses), node ${process.version}`);
    console.log('case            kinds   tsop ms (cold)      per kind   ts-json-schema-generator ms (cold)   per kind   tsjsg/tsop');
    for (const c of cases) {
      // Fewer repetitions for the largest inputs keep the whole run within a few minutes.
      const r = c.kinds.length >= 1000 ? 1 : runs;
      const tsop = await timeIt(r, () => runTsop(c));
      const tsjsg = await timeIt(r, () => runTsJsonSchemaGenerator(c, tsconfig));
      const n = c.kinds.length;
      const ratio = tsop.medianMs > 0 ? tsjsg.medianMs / tsop.medianMs : NaN;
      console.log([
        c.name.padEnd(15), String(n).padStart(5),
        `${fmt(tsop.medianMs)} (${fmt(tsop.coldMs)})`.padStart(20), `${fmt(tsop.medianMs / n)}`.padStart(10),
        `${fmt(tsjsg.medianMs)} (${fmt(tsjsg.coldMs)})`.padStart(37), `${fmt(tsjsg.medianMs / n)}`.padStart(10),
        Number.isNaN(ratio) ? 'n/a'.padStart(11) : `${ratio.toFixed(2)}x`.padStart(11),
      ].join(' '));
      if (tsop.error) console.log(`  tsop failed: ${tsop.error}`);
      if (tsjsg.error) console.log(`  ts-json-schema-generator failed: ${tsjsg.error}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
