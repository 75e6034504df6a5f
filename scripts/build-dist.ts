/**
 * Builds dist/, the compiled JavaScript and declarations the published package ships: Node does not
 * strip types from files under node_modules, so installed copies of tsop must run plain JavaScript.
 * Runs as the `prepack` script (`npm pack`, `npm publish`, and installs from a git checkout).
 *
 * Run: node scripts/build-dist.ts
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Source folders whose data files (JSON catalogues, generated YAML) are read at run time. */
const ASSET_DIRS = ['apis', 'apiserver', 'cli', 'controllers', 'generated', 'generator', 'runtime', 'scaffold'];
const ASSET_EXTENSIONS = ['.json', '.yaml', '.yml'];

function copyAssets(dir: string): number {
  let copied = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') copied += copyAssets(path);
    } else if (ASSET_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
      const target = join(dist, relative(root, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      copied++;
    }
  }
  return copied;
}

rmSync(dist, { recursive: true, force: true });
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const result = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`build-dist: tsc failed (exit ${result.status ?? result.signal}); dist/ is incomplete\n`);
  process.exit(1);
}
let assets = 0;
for (const dir of ASSET_DIRS) assets += copyAssets(join(root, dir));
// The compiled modules read their own package version from ../package.json (generator/index.ts);
// a marker file keeps the module type and that version next to them.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ type: 'module', version: pkg.version }, null, 2)}\n`);
process.stdout.write(`build-dist: dist/ written (${assets} data file(s) copied)\n`);
