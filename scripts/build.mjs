// The build after tsc: bundle the bin into one file (dist/cli.js) with esbuild, and stamp it with a hash
// of itself, the identity the render cache keys on (src/io/render-cache.ts).
//
// Why a bundle: Node resolves, reads and compiles each ES module file on its own; calfeed and its
// dependencies are a few hundred of them. Measured on the shipped calendar (2 cores, Node 20.20; see
// bench/RESULTS.md): `calfeed build` costs about 0.5 s of CPU from tsc's files and 0.35 s bundled.
import { createHash } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const result = await build({
  // The bin, and the worker thread that renders VEVENTs beside it (src/io/render-in-parallel.ts).
  entryPoints: { cli: 'src/cli.ts', 'render-worker': 'src/io/render-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  sourcemap: 'linked',
  // Bundled CommonJS dependencies (ics, yup, yargs' helpers) call require() for Node's own modules.
  banner: { js: "import { createRequire as __calfeedRequire } from 'node:module'; const require = __calfeedRequire(import.meta.url);" },
  logLevel: 'warning',
  write: false,
});
const PLACEHOLDER = '__CALFEED_BUILD_ID__';
const scripts = result.outputFiles.filter((file) => file.path.endsWith('.js'));
// The identity covers both files: the worker renders what the cache keeps.
const id = createHash('sha256').update(scripts.map((file) => file.text).join('\0')).digest('hex').slice(0, 32);
for (const file of result.outputFiles) {
  let text = file.text;
  if (file.path.endsWith('cli.js')) {
    if (text.split(PLACEHOLDER).length !== 2) throw new Error(`expected the build id placeholder exactly once in ${file.path}`);
    text = text.replace(PLACEHOLDER, id);
  }
  writeFileSync(file.path, text);
}
chmodSync('dist/cli.js', 0o755);
