// Subscribes to a feed URL the way a vdirsyncer user would: http storage -> filesystem vdir.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function vdirsyncerConfig(url: string, workDir: string, syncedDir: string): string {
  // collections = null: sync exactly one folder, so `discover` has nothing to ask about
  // (it only prompts "Directory does not exist. Create it?" -- we create it beforehand).
  return `[general]
status_path = "${join(workDir, 'status')}/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null

[storage feed_remote]
type = "http"
url = "${url}"

[storage feed_local]
type = "filesystem"
path = "${syncedDir}/"
fileext = ".ics"
`;
}

/**
 * Runs `vdirsyncer discover` + `vdirsyncer sync` against `url`. Async on purpose: the feed is
 * usually served by an http server in this same Node process, which a *Sync spawn would block.
 * Quirk: the http storage splits the feed per UID but REPLACES every UID with a sha256 of the
 * item (ignoring UID/DTSTAMP/PRODID/X-WR-CALNAME), and copies all VTIMEZONEs into every item.
 */
export async function subscribeWithVdirsyncer(url: string, workDir: string): Promise<{ syncedDir: string; files: string[] }> {
  const syncedDir = join(workDir, 'vdir', 'feed');
  mkdirSync(syncedDir, { recursive: true });
  const config = join(workDir, 'vdirsyncer.conf');
  writeFileSync(config, vdirsyncerConfig(url, workDir, syncedDir));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: workDir, XDG_CONFIG_HOME: workDir, XDG_DATA_HOME: workDir, LC_ALL: 'C.UTF-8' };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  for (const cmd of ['discover', 'sync']) {
    // vdirsyncer logs progress on stderr and exits 1 on any HTTP/sync error (execFile rejects).
    // Closed stdin: an unexpected prompt aborts instead of hanging.
    const child = run('vdirsyncer', ['-c', config, cmd], { env, timeout: 60_000 });
    child.child.stdin?.end();
    await child;
  }
  const files = readdirSync(syncedDir).filter((f) => f.endsWith('.ics')).sort().map((f) => join(syncedDir, f));
  return { syncedDir, files };
}

export async function hasVdirsyncer(): Promise<boolean> {
  return run('vdirsyncer', ['--version']).then(() => true, () => false);
}
