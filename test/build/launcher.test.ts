// The bin runs the bundled program from V8's code cache: the cache is accepted, and it changes nothing but time.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asScript } from '../../src/program-script.js';
import { BIN, ROOT, folderWith, runCli, tempDir, treeOf } from '../helpers/cli.js';

const DIST = join(ROOT, 'dist');
const codeCaches = () => readdirSync(DIST).filter((name) => name.endsWith('.code-cache'));

describe('the bin and its code cache', () => {
  it('npm run build leaves one code cache, named after the program in the bin, and V8 accepts it', () => {
    expect(codeCaches()).toHaveLength(1);
    const id = /^calfeed-([0-9a-f]{32})\.code-cache$/.exec(codeCaches()[0]!)?.[1];
    expect(id).toBeDefined();
    expect(readFileSync(BIN, 'utf8')).toContain(id);
    const program = join(DIST, 'calfeed.cjs');
    const script = new Script(asScript(readFileSync(program, 'utf8')), { filename: program, cachedData: readFileSync(join(DIST, codeCaches()[0]!)) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('without the cache, the program prints and writes the same, byte for byte', () => {
    // The bin and the program without their cache, in a folder of their own with package.json above, as in the project.
    const root = tempDir();
    mkdirSync(join(root, 'dist'));
    copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    for (const name of readdirSync(DIST).filter((n) => n.endsWith('.js') || n.endsWith('.cjs'))) copyFileSync(join(DIST, name), join(root, 'dist', name));
    const withCache = folderWith('events.yaml');
    const without = folderWith('events.yaml');
    const cached = runCli(['build'], withCache, { CALFEED_CACHE: 'off' });
    expect(cached.status).toBe(0);
    expect(runCli(['build'], without, { CALFEED_CACHE: 'off' }, join(root, 'dist', 'cli.js'))).toEqual(cached);
    expect(treeOf(join(without, 'public'))).toEqual(treeOf(join(withCache, 'public')));
  });
});
