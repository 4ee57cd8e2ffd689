// A real subscriber to `calfeed serve`: vdirsyncer's http storage syncs the served URL into a vdir,
// khal shows it; after an edit of events.yaml and a second sync, the event is updated, not duplicated.
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, ONLY_PLACEHOLDER_WARNINGS } from '../helpers/cli.js';
import { request, startServeProcess, waitFor, type ServeProcess } from '../helpers/http.js';
import { listWithKhalVdir } from './readers/khal.js';
import { subscribeWithVdirsyncer } from './readers/vdirsyncer.js';

const SHIPPED = readFileSync(join(ROOT, 'events.yaml'), 'utf8');
const MOVED = 'NATO–Russia Council (moved to 11:00)';
const EDITED = SHIPPED.replace('title: NATO–Russia Council\n    start: 2022-01-12 10:00', `title: ${MOVED}\n    start: 2022-01-12 11:00`);

/** What a person in New York sees in khal, as `start+offset title`. */
const BEFORE = [
  '2021-12-30T15:35-05:00 Biden–Putin phone call',
  '2022-01-02 Biden–Zelensky phone call',
  '2022-01-09 Sherman–Ryabkov working dinner',
  '2022-01-10T02:55-05:00 US–Russia Strategic Stability Dialogue (extraordinary session)',
  '2022-01-12T04:00-05:00 NATO–Russia Council',
  '2022-01-13 OSCE Permanent Council – opening of the Polish Chairmanship',
];
const AFTER = BEFORE.map((line) => (line.endsWith(' NATO–Russia Council') ? `2022-01-12T05:00-05:00 ${MOVED}` : line));

describe('vdirsyncer subscribed to calfeed serve', () => {
  let dir: string;
  let serve: ServeProcess;
  const workDir = mkdtempSync(join(tempDir('calfeed-subscriber-'), 'vds-'));
  const seenInKhal = (syncedDir: string) => listWithKhalVdir(syncedDir, 'America/New_York', '2021-12-29', 20).map((l) => `${l.start}${l.startOffset} ${l.title}`);

  beforeAll(async () => {
    expect(EDITED).not.toBe(SHIPPED);
    dir = tempDir('calfeed-serve-sub-');
    writeFileSync(join(dir, 'events.yaml'), SHIPPED);
    serve = await startServeProcess(dir, ['--port', '0'], { SOURCE_DATE_EPOCH: '' });
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('syncs, and after an edit of events.yaml and a second sync has the updated event and no duplicate', async () => {
    const first = await subscribeWithVdirsyncer(serve.feedUrl, workDir);
    expect(first.files).toHaveLength(6);
    expect(seenInKhal(first.syncedDir)).toEqual(BEFORE);

    // The way an editor saves: a new file renamed over the old one.
    writeFileSync(join(dir, '.events.yaml.new'), EDITED);
    renameSync(join(dir, '.events.yaml.new'), join(dir, 'events.yaml'));
    await waitFor('the rebuilt feed', async () => ((await request(serve.feedUrl)).body.toString('utf8').includes(MOVED) ? true : undefined));

    const second = await subscribeWithVdirsyncer(serve.feedUrl, workDir);
    expect(second.syncedDir).toBe(first.syncedDir);
    expect(second.files).toHaveLength(6);
    expect(seenInKhal(second.syncedDir)).toEqual(AFTER);
    // vdirsyncer polled the server itself: its requests are in the server's log.
    expect(serve.stdout()).toMatch(/"GET \/calendar\.ics HTTP\/1\.1" 200 \d+ "-" "vdirsyncer\/[^"]+"$/m);
    expect(serve.stderr()).toMatch(ONLY_PLACEHOLDER_WARNINGS);
  });
});
