// The catalogue of bad input: each kind of mistake in test/fixtures/invalid/<kind>.yaml (.bin for bytes that are not
// UTF-8, or made by a generator below when too big to commit) with <kind>.expected, the exact report of
// `calfeed build`. Each runs through the built bin in a folder holding a previously published public/:
// exit 1, exactly that report, no stack trace, nothing on stdout, and public/ left exactly as it was;
// `calfeed check` reports the same. After an intended change of wording: `UPDATE_GOLDEN=1 npm test`, then read the diff.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_BYTES } from '../../src/core/decode-source.js';
import { hashTree, ROOT, runCli, runCliAsync, tempDir, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));

/** Inputs too big to commit, made on the fly. */
const GENERATED: Record<string, () => Uint8Array> = {
  // A calendar that is fine but for its size: one byte over the limit, padded with comment lines.
  'too-large': () => {
    // One byte over the limit of every file, whichever reader would read it (test/core/large-files.test.ts).
    const head = 'calendar:\n  name: Too large\nevents:\n  - id: a\n    title: A\n    start: 2022-01-12\n    loaction: Geneva\n';
    const line = `# ${'padding '.repeat(9)}\n`;
    const body = head + line.repeat(Math.ceil((MAX_SOURCE_BYTES - head.length) / line.length));
    return new TextEncoder().encode(body.slice(0, MAX_SOURCE_BYTES + 1));
  },
};

const files = readdirSync(FIXTURES);
const kinds = files.filter((f) => f.endsWith('.expected')).map((f) => f.slice(0, -'.expected'.length)).sort();

function inputOf(kind: string): Uint8Array {
  for (const ext of ['.yaml', '.bin']) {
    if (existsSync(join(FIXTURES, kind + ext))) return readFileSync(join(FIXTURES, kind + ext));
  }
  const generate = GENERATED[kind];
  if (!generate) throw new Error(`no input for ${kind}: add ${kind}.yaml, ${kind}.bin or a generator`);
  return generate();
}

describe('the catalogue of bad input', () => {
  let published: string;
  beforeAll(() => {
    // A site published earlier from the shipped calendar: bad input must leave it exactly as it is.
    published = tempDir('calfeed-published-');
    cpSync(join(ROOT, 'events.yaml'), join(published, 'events.yaml'));
    const run = runCli(['build'], published);
    if (run.status !== 0) throw new Error(run.stderr);
  });

  it('has an expected report for every input and an input for every expected report', () => {
    const inputs = files.filter((f) => /\.(yaml|bin)$/.test(f)).map((f) => f.replace(/\.(yaml|bin)$/, ''));
    expect(inputs.filter((kind) => !kinds.includes(kind))).toEqual([]);
    for (const kind of kinds) expect(() => inputOf(kind)).not.toThrow();
    expect(kinds.length).toBeGreaterThanOrEqual(30);
  });

  // With the render cache and without: the speed parts change time, never what is accepted or said.
  const ways = kinds.flatMap((kind) => [
    [kind, 'cache on'],
    [kind, 'cache off'],
  ]);
  it.concurrent.each(ways)('%s (%s): exit 1, the exact report, no stack trace, public/ untouched', async (kind, way) => {
    const dir = tempDir(`calfeed-${kind}-`);
    cpSync(join(published, 'public'), join(dir, 'public'), { recursive: true, preserveTimestamps: true });
    const env = way === 'cache off' ? { CALFEED_CACHE: 'off' } : { CALFEED_CACHE_DIR: join(dir, 'cache') };
    // A warm cache first, from the shipped calendar (which published public/): an item met before must not hide a problem.
    if (way === 'cache on') {
      cpSync(join(ROOT, 'events.yaml'), join(dir, 'shipped.yaml'));
      expect((await runCliAsync(['build', 'shipped.yaml'], dir, env)).status).toBe(0);
    }
    writeFileSync(join(dir, 'events.yaml'), inputOf(kind));
    const before = hashTree(join(dir, 'public'));

    const build = await runCliAsync(['build'], dir, env);
    const expectedPath = join(FIXTURES, `${kind}.expected`);
    if (process.env.UPDATE_GOLDEN === '1' && way === 'cache off') writeFileSync(expectedPath, build.stderr);
    expect(build.stderr).toBe(readFileSync(expectedPath, 'utf8'));
    expect(build.status).toBe(1);
    expect(build.stdout).toBe('');
    expect(build.stderr).not.toMatch(/internal error|\n\s+at /);
    // One positioned error per problem, then the count: the form editors and CI annotate.
    const lines = build.stderr.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^events\.yaml:[1-9]\d*:[1-9]\d*: error: \S.*; \S/);
    expect(lines.at(-1)).toBe(`${lines.length - 1} problem${lines.length === 2 ? '' : 's'} in events.yaml; nothing was written`);
    expect(hashTree(join(dir, 'public'))).toBe(before);

    const check = await runCliAsync(['check'], dir, env);
    // check reports the same problems; it never writes, so it does not say that nothing was written.
    expect(check).toEqual({ status: 1, stdout: '', stderr: build.stderr.replace(/; nothing was written\n$/, '\n') });
    expect(hashTree(join(dir, 'public'))).toBe(before);
  });
});

describe('accepted input', () => {
  it('a UTF-8 byte-order mark and CRLF line ends build exactly what the plain file builds', async () => {
    const plain = readFileSync(join(ROOT, 'events.yaml'), 'utf8');
    expect(plain).not.toContain('\r');
    const dirs = { plain: tempDir('calfeed-lf-'), windows: tempDir('calfeed-crlf-') };
    writeFileSync(join(dirs.plain, 'events.yaml'), plain);
    writeFileSync(join(dirs.windows, 'events.yaml'), `\ufeff${plain.replace(/\n/g, '\r\n')}`);
    const runs = await Promise.all([runCliAsync(['build'], dirs.plain), runCliAsync(['build'], dirs.windows)]);
    for (const run of runs) expect(run).toMatchObject({ status: 0, stderr: expect.stringMatching(ONLY_PLACEHOLDER_WARNINGS) });
    const read = (dir: string) => {
      const out: Record<string, string> = {};
      const walk = (rel: string) => {
        for (const entry of readdirSync(join(dir, 'public', rel), { withFileTypes: true })) {
          if (entry.name.startsWith('.calfeed')) continue; // calfeed's bookkeeping: each file's inode and mtime
          if (entry.isDirectory()) walk(join(rel, entry.name));
          else out[join(rel, entry.name)] = readFileSync(join(dir, 'public', rel, entry.name), 'utf8');
        }
      };
      walk('');
      return out;
    };
    const plainSite = read(dirs.plain);
    expect(Object.keys(plainSite).length).toBeGreaterThan(3);
    expect(read(dirs.windows)).toEqual(plainSite);
  });
});
