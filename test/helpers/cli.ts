// Run the built calfeed bin as a process, the way a user does, with a fixed build stamp.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_STAMP_SECONDS = '1642161600'; // 2022-01-14T12:00:00Z, the golden stamp

/**
 * What standard error holds after a good build of a calendar with placeholder addresses (the shipped one's
 * talks.example.org, a starter's, or no domain at all): a positioned warning per placeholder, nothing else.
 */
export const ONLY_PLACEHOLDER_WARNINGS = /^(\S+:\d+:\d+: warning: calendar\.(domain|url)[^\n]*\n)*$/;

/** Standard error without the placeholder warnings, for what a test is about. */
export const withoutWarnings = (stderr: string) => stderr.replace(/^\S+:\d+:\d+: warning: calendar\.(domain|url)[^\n]*\n/gm, '');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, bin: string = BIN): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS, ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runCli without blocking, so independent runs can go in parallel. */
export function runCliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, SOURCE_DATE_EPOCH: CLI_STAMP_SECONDS, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export const tempDir = (prefix = 'calfeed-') => mkdtempSync(join(tmpdir(), prefix));

/** One hash over every file's path, bytes and mtime below `dir`: "nothing was touched". */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${relative(dir, path)}\0${statSync(path).mtimeMs}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/**
 * Every file below `dir`, path → bytes (as latin1 text, so any bytes compare exactly), but calfeed's own
 * bookkeeping (.calfeed-*: the list of what it published, with each file's inode and mtime, which differ
 * from folder to folder).
 */
export function treeOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.calfeed')) continue;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(join(folder, entry.name), 'latin1'));
    }
  };
  walk(dir, '');
  return files;
}

/** A fresh folder holding a copy of `source` (relative to the project) as events.yaml. */
export function folderWith(source: string): string {
  const dir = tempDir();
  copyFileSync(join(ROOT, source), join(dir, 'events.yaml'));
  return dir;
}

/** Build `source` with the bin in a fresh folder, as a user would; the path of the feed it wrote. */
export function buildFeedOf(source: string): string {
  const dir = folderWith(source);
  const run = runCli(['build'], dir);
  if (run.status !== 0) throw new Error(`calfeed build ${source} failed:\n${run.stderr}`);
  return join(dir, 'public/calendar.ics');
}
