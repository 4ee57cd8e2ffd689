// The floor: a minimal hand-written serializer (escape, fold at 75 octets, CRLF) from the same data, with
// no validation, no zones, no per-event files, no page. What writing the bytes alone costs.
import { writeFileSync } from 'node:fs';
import { peerTimes, readEventsYaml } from './peer-input.js';

const [input, output] = process.argv.slice(2) as [string, string];
const data = readEventsYaml(input);
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const date = (d: [number, number, number]) => `${d[0]}${String(d[1]).padStart(2, '0')}${String(d[2]).padStart(2, '0')}`;
const encoder = new TextEncoder();
function fold(line: string): string {
  if (line.length <= 75 && encoder.encode(line).length <= 75) return line;
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return out;
}
const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//floor//EN', `X-WR-CALNAME:${text(data.calendar.name)}`];
for (const e of data.events) {
  const t = peerTimes(e);
  lines.push('BEGIN:VEVENT', `UID:${e.id}@${data.calendar.domain}`, 'DTSTAMP:20220114T120000Z');
  if (t.allDay) lines.push(`DTSTART;VALUE=DATE:${date(t.startDate!)}`, `DTEND;VALUE=DATE:${date(t.endDate!)}`);
  else lines.push(`DTSTART:${utc(t.startMs)}`, `DTEND:${utc(t.endMs)}`);
  lines.push(`SUMMARY:${text(e.title)}`);
  if (e.description) lines.push(`DESCRIPTION:${text(e.description)}`);
  if (e.location) lines.push(`LOCATION:${text(e.location)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.categories) lines.push(`CATEGORIES:${e.categories.map(text).join(',')}`);
  if (e.status) lines.push(`STATUS:${e.status.toUpperCase()}`);
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  lines.push('END:VEVENT');
}
lines.push('END:VCALENDAR');
writeFileSync(output, lines.map(fold).join('\r\n') + '\r\n');
