/**
 * `tsop import <crd.yaml|dir> --out <dir> [--types-import <specifier>]`: writes TypeScript API
 * types for every version of each CRD. Input is checked completely before anything is written, so
 * a bad file leaves the output directory untouched.
 */
import type { Command } from 'commander';
import type * as CrdImport from '../../generator/import/index.ts';

/** Registers `tsop import` on the program. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import CustomResourceDefinitions as TypeScript API types with controller-gen markers')
    .argument('<path>', 'a CRD YAML file or a directory of them')
    .requiredOption('--out <dir>', 'directory that receives one <group>/<version>/ folder per API version')
    .option('--types-import <specifier>', 'module the generated files import dialect types from', 'tsop/types')
    .action(async (path: string, opts: { out: string; typesImport: string }) => {
      // Loaded here, not at the top, so that registering the command stays cheap.
      const { ImportInputError, importCrds, writeImport }: typeof CrdImport = await import('../../generator/import/index.ts');
      let result;
      try {
        result = await importCrds(path, { typesImport: opts.typesImport });
      } catch (err) {
        if (err instanceof ImportInputError) {
          process.stderr.write(`tsop import: ${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      }
      const written = await writeImport(result, opts.out);
      for (const crd of result.crds) {
        process.stdout.write(`${crd.name} (${crd.kind}) -> ${crd.packages.join(', ')}\n`);
        for (const issue of crd.issues) process.stderr.write(`  warning: ${issue}\n`);
      }
      process.stdout.write(`wrote ${written.length} files under ${opts.out}\n`);
    });
}
