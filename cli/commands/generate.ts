/** `tsop generate`: CRDs (and RBAC, webhook manifests, clients) from the TypeScript API types and markers. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type * as Generator from '../../generator/index.ts';

interface GenerateFlags {
  apis: string;
  controllers: string;
  webhooks?: string[];
  out: string;
  allowDangerousTypes?: boolean;
  maxDescLen?: string;
  strict?: boolean;
  check?: boolean;
}

/** Registers `tsop generate` on the program. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate CRDs (controller-gen compatible), RBAC, webhook manifests and typed clients from API types and markers')
    .option('--apis <dir>', 'directory of API types', 'apis')
    .option('--controllers <dir>', 'directory scanned for +kubebuilder:rbac markers', 'controllers')
    .option('--webhooks <dir>', 'directory scanned for +kubebuilder:webhook markers; repeatable (default: the controllers and APIs directories, and webhooks/ when present)', (dir: string, dirs: string[] = []) => [...dirs, dir])
    .option('--out <dir>', 'output directory', 'generated')
    .option('--allow-dangerous-types', 'allow float32/float64 fields (type: number)')
    .option('--max-desc-len <n>', 'truncate descriptions to n bytes (0 removes them)')
    .option('--strict', 'also report unknown marker names')
    .option('--check', 'do not write; exit 1 and list the files that would change')
    .action(async (flags: GenerateFlags) => {
      let maxDescLen: number | undefined;
      if (flags.maxDescLen !== undefined) {
        maxDescLen = Number(flags.maxDescLen);
        if (!Number.isInteger(maxDescLen) || maxDescLen < 0) {
          process.stderr.write(`tsop generate: --max-desc-len expects a non-negative integer, got ${JSON.stringify(flags.maxDescLen)}\n`);
          process.exitCode = 1;
          return;
        }
      }
      const outDir = resolve(flags.out);
      // Loaded here, not at the top: the generator pulls in ts-morph, which other commands never need.
      const { generate, GenerateFailure, plannedChanges, writeGenerated }: typeof Generator = await import('../../generator/index.ts');
      try {
        const result = await generate({
          apisDir: flags.apis, controllersDir: flags.controllers, webhooksDir: flags.webhooks, outDir,
          allowDangerousTypes: flags.allowDangerousTypes ?? false, maxDescLen, strict: flags.strict ?? false,
        });
        if (flags.check) {
          const changes = plannedChanges(outDir, result.files);
          const all = [...changes.written.map((f) => `would write ${f}`), ...changes.removed.map((f) => `would remove ${f}`)];
          for (const line of all) process.stderr.write(`${line}\n`);
          if (all.length > 0) process.stderr.write('tsop generate: generated files are out of date; run `tsop generate`\n');
          process.exitCode = all.length > 0 ? 1 : 0;
          return;
        }
        const done = writeGenerated(outDir, result.files);
        process.stdout.write(`tsop generate: ${result.files.size} file(s), ${done.written.length} written, ${done.removed.length} removed\n`);
        process.exitCode = 0;
      } catch (err) {
        if (!(err instanceof GenerateFailure)) throw err;
        for (const e of err.errors) process.stderr.write(`${e.format(process.cwd())}\n`);
        process.stderr.write(`tsop generate: ${err.errors.length} error(s); nothing written\n`);
        process.exitCode = 1;
      }
    });
}
