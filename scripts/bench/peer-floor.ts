// The floor: a tight hand-written serializer (escape, fold at 75 octets, CRLF) from the same data, with
// no validation, no per-event files, no page. What reading the file with `yaml` and writing the bytes
// alone costs, as fast as a careful hand-written serializer can be: each line is folded in one pass over
// its UTF-16 code units (octets counted by arithmetic, not by encoding each character), ASCII lines that
// fit are returned as they are, and the feed is built as one array of lines joined once.
import { writeFileSync } from 'node:fs';
import { peerTimes, readEventsYaml } from './peer-input.js';

const [input, output] = process.argv.slice(2) as [string, string];
const data = readEventsYaml(input);
const ESCAPE = /[\\;,\r\n]/;
const text = (s: string) => (ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n') : s);
const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const utc = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
};
const date = (d: [number, number, number]) => `${d[0]}${pad(d[1])}${pad(d[2])}`;
const NON_ASCII = /[^\x00-\x7f]/;

function fold(line: string): string {
  if (line.length <= 75 && !NON_ASCII.test(line)) return line;
  const pieces: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    // A surrogate pair is one 4-octet character: never split it.
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > 75) {
      pieces.push(line.slice(start, i));
      start = i;
      octets = 1; // the continuation's leading space
    }
    octets += size;
    if (pair) i++;
  }
  pieces.push(line.slice(start));
  return pieces.join('\r\n ');
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
lines.push('END:VCALENDAR', '');
for (let i = 0; i < lines.length; i++) lines[i] = fold(lines[i]!);
writeFileSync(output, lines.join('\r\n'));
