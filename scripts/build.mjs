// The build after type-checking: bundle the program into one CommonJS file (dist/calfeed.cjs) with
// esbuild, stamp it with a hash of itself (the identity the render cache keys on, src/io/render-cache.ts),
// write the bin that runs it from V8's code cache (dist/cli.js, src/launch.ts), and train that cache on
// a build of the shipped calendar.
//
// Why a bundle: Node resolves, reads and compiles each module file on its own; calfeed and its
// dependencies are a few hundred of them. Why CommonJS: V8's code cache on Node 20 is for scripts
// (vm.Script), not ES modules. Measured on the shipped calendar (2 cores, Node 20.20; bench/RESULTS.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

// Not minified: an internal error's stack names our functions (and the bundle's lines read like the
// sources). Measured on the shipped calendar, 5 runs each, paired: 0.19 s minified, 0.18–0.19 s not (the
// code cache makes the bundle's size cost nothing to compile).
const common = { bundle: true, platform: 'node', target: 'node20', minify: false, legalComments: 'none', logLevel: 'warning', write: false };

/** Every import of 'string-width' gets that copy (cliui and yargs use different versions) through scripts/string-width-on-first-use.cjs. */
const STRING_WIDTH_ON_FIRST_USE = resolve('scripts/string-width-on-first-use.cjs');
const stringWidthOnFirstUse = {
  name: 'string-width-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'string-width-on-first-use' };
    });
    build.onLoad({ filter: /.*/, namespace: 'string-width-on-first-use' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(STRING_WIDTH_ON_FIRST_USE)})(() => require(${JSON.stringify(args.path)}).default);`,
      loader: 'js',
      resolveDir: resolve('.'),
    }));
  },
};

const program = await build({
  ...common,
  entryPoints: { calfeed: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  sourcemap: 'linked',
  // The sources are ES modules; in the bundle, import.meta.url is the file's own URL.
  define: { 'import.meta.url': '__calfeedFileUrl' },
  banner: { js: "var __calfeedFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [stringWidthOnFirstUse],
  // 1.9 MB of city data, read only to suggest a zone for a place name (src/core/zones.ts): left out of
  // the bundle and its code cache, and required from node_modules when needed.
  external: ['city-timezones'],
});

mkdirSync('dist', { recursive: true });
const PLACEHOLDER = '__CALFEED_BUILD_ID__';
const scripts = program.outputFiles.filter((file) => file.path.endsWith('.cjs'));
const id = createHash('sha256').update(scripts.map((file) => file.text).join('\0')).digest('hex').slice(0, 32);
for (const file of program.outputFiles) {
  let text = file.text;
  if (file.path.endsWith('calfeed.cjs')) {
    if (text.split(PLACEHOLDER).length !== 2) throw new Error(`expected the build id placeholder exactly once in ${file.path}`);
    text = text.replace(PLACEHOLDER, id);
  }
  writeFileSync(file.path, text);
}

const launcher = await build({ ...common, entryPoints: ['src/launch.ts'], format: 'esm' });
const launcherText = launcher.outputFiles[0].text;
if (launcherText.split('__CALFEED_PROGRAM_ID__').length !== 2) throw new Error('expected the program id placeholder exactly once in src/launch.ts');
writeFileSync('dist/cli.js', `#!/usr/bin/env node\n${launcherText.replace('__CALFEED_PROGRAM_ID__', id)}`);
chmodSync('dist/cli.js', 0o755);

// Code caches of earlier programs are of no use to this one.
for (const name of readdirSync('dist')) if (name.endsWith('.code-cache')) rmSync(join('dist', name));

// Train the code cache: a cold build of the shipped calendar (render cache empty, so ics renders every
// event) compiles what a build runs; the bin writes every function compiled by then when it exits.
const work = mkdtempSync(join(tmpdir(), 'calfeed-train-'));
try {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'build', 'events.yaml', '--out', join(work, 'public')], {
    env: { ...process.env, CALFEED_TRAIN_CODE_CACHE: join(process.cwd(), 'dist', `calfeed-${id}.code-cache`), CALFEED_CACHE_DIR: join(work, 'cache'), SOURCE_DATE_EPOCH: '0' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`training the code cache failed:\n${run.stderr}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
