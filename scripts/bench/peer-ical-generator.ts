// Peer: ical-generator, as its README shows: events.yaml → calendar.createEvent per event → toString.
import { writeFileSync } from 'node:fs';
import ical, { ICalEventStatus } from 'ical-generator';
import { peerTimes, readEventsYaml } from './peer-input.js';

const [input, output] = process.argv.slice(2) as [string, string];
const data = readEventsYaml(input);
const calendar = ical({ name: data.calendar.name, prodId: '//bench//ical-generator//EN' });
const stamp = new Date(Date.UTC(2022, 0, 14, 12));
for (const e of data.events) {
  const t = peerTimes(e);
  calendar.createEvent({
    id: `${e.id}@${data.calendar.domain}`,
    start: new Date(t.startMs),
    end: new Date(t.endMs),
    allDay: t.allDay,
    stamp,
    summary: e.title,
    description: e.description ?? null,
    location: e.location ?? null,
    url: e.url ?? null,
    categories: (e.categories ?? []).map((name) => ({ name })),
    status: e.status ? (e.status.toUpperCase() as ICalEventStatus) : null,
    repeating: e.rrule ?? null,
  });
}
writeFileSync(output, calendar.toString());
