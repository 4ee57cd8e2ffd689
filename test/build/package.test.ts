// The npm package holds what a user runs, installing it runs nothing, and the committed lock file is the
// one npm would write (so that `npm ci` accepts it and a fresh `npm install` leaves it as it is).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'calfeed-package-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** npm, without the network: only what is already here may be read. */
function npm(args: string[], cwd: string) {
  const run = spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return run.stdout;
}

describe('the npm package', () => {
  // --ignore-scripts: no prepack build; `npm test` has just built dist/.
  const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'], ROOT)) as [{ size: number; unpackedSize: number; files: { path: string }[] }];
  const paths = packed.files.map((file) => file.path).sort();

  it('holds the bin, the program, its code cache, the schema and the README, and nothing else', () => {
    expect(paths.filter((path) => !/^dist\/calfeed-[0-9a-f]{32}\.code-cache$/.test(path))).toEqual([
      'README.md',
      'dist/calfeed.cjs',
      'dist/cli.js',
      'events.schema.json',
      'package.json',
    ]);
    expect(paths.filter((path) => path.endsWith('.code-cache'))).toHaveLength(1);
    for (const bin of Object.values(pkg.bin)) expect(paths).toContain(bin.replace(/^\.\//, ''));
    expect(paths.filter((path) => /^(test|src|scripts|bench)\/|fixtures|\.map$/.test(path))).toEqual([]);
  });

  it('is about a megabyte', () => {
    // The program (2.3 MB) and its V8 code cache (1.2 MB) make nearly all of it; the source maps (4 MB) stay out.
    expect(packed.size).toBeLessThan(1.5e6);
    expect(packed.unpackedSize).toBeLessThan(5e6);
  });

  it('runs no script when it is installed', () => {
    // npm warns about a package with any of these (prepare too, when installed from a tarball or git).
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts).not.toHaveProperty(script);
  });
});

describe('package-lock.json', () => {
  // Offline, with an empty cache, in a folder holding only the two files: a lock in step with package.json
  // needs nothing from the registry.
  const dir = tempDir();
  for (const name of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, name), join(dir, name));
  const cache = `--cache=${join(dir, '.npm-cache')}`;

  it('is accepted by npm ci', () => {
    // npm ci refuses a lock that lacks an entry for any dependency, an optional one for another platform
    // included ("Missing: … from lock file"); --dry-run installs nothing.
    npm(['ci', '--dry-run', cache], dir);
  });

  it('is what npm writes for package.json: npm leaves it byte for byte as it is', () => {
    npm(['install', '--package-lock-only', cache], dir);
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  });
});
