#!/usr/bin/env node
// Launcher: the published package runs compiled JavaScript from dist/ (Node does not strip types
// under node_modules); a source checkout runs the TypeScript entry point directly.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'cli', 'main.ts');
const entry = existsSync(source) && !root.split(/[\\/]/).includes('node_modules') ? source : compiled;
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
