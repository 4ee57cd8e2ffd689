// Peer: the `ics` package used directly, as a user of that package alone would: events.yaml → createEvents.
import { writeFileSync } from 'node:fs';
import { createEvents, type EventAttributes } from 'ics';
import { peerTimes, readEventsYaml } from './peer-input.js';

const [input, output] = process.argv.slice(2) as [string, string];
const data = readEventsYaml(input);
const stamp = Date.UTC(2022, 0, 14, 12);
const events = data.events.map((e) => {
  const t = peerTimes(e);
  return {
    uid: `${e.id}@${data.calendar.domain}`,
    title: e.title,
    timestamp: stamp,
    ...(t.allDay ? { start: t.startDate!, end: t.endDate! } : { start: t.startMs, end: t.endMs, startInputType: 'utc', startOutputType: 'utc', endInputType: 'utc', endOutputType: 'utc' }),
    description: e.description,
    location: e.location,
    url: e.url,
    geo: e.geo,
    categories: e.categories,
    status: e.status?.toUpperCase(),
    recurrenceRule: e.rrule,
  } as unknown as EventAttributes;
});
const { error, value } = createEvents(events, { productId: 'bench/ics', calName: data.calendar.name });
if (error || !value) throw error ?? new Error('no output');
writeFileSync(output, value);
