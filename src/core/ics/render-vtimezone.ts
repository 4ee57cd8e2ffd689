// VTIMEZONE components (RFC 5545 §3.6.5) from the zone rules luxon sees, for TZID-qualified recurring events.
import { zoneObservances } from '../vtimezone-rules.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A UTC offset as RFC 5545 §3.3.14 writes it: ±HHMM, or ±HHMMSS where the zone data has seconds (most
 * zones before about 1920, America/St_Johns -03:30:52 until 1935). Luxon gives such offsets as fractions of
 * a minute; written as they come (-0330.866…) they make python-icalendar, and so khal, refuse the feed.
 */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const seconds = Math.round(Math.abs(minutes) * 60);
  const hhmm = `${sign}${pad(Math.floor(seconds / 3600))}${pad(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? hhmm : `${hhmm}${pad(seconds % 60)}`;
}

function formatLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** VTIMEZONEs made before, by `zone fromYear toYear` (a render cache keeps them between builds). */
export interface VtimezoneMemo {
  get(key: string): readonly string[] | undefined;
  set(key: string, lines: readonly string[]): void;
}

/**
 * Content lines of one VTIMEZONE covering the years a series needs, remembered in `memo`: every one-event
 * file of a series in the zone needs the same one, and finding the changes costs a scan of zone offsets
 * (about 1.5 ms a zone-year; 10,000 generated events spend 70 ms here).
 */
export function renderVtimezone(zone: string, fromYear: number, toYear: number, memo: VtimezoneMemo): readonly string[] {
  const key = `${zone} ${fromYear} ${toYear}`;
  let lines = memo.get(key);
  if (!lines) memo.set(key, (lines = computeVtimezone(zone, fromYear, toYear)));
  return lines;
}

function computeVtimezone(zone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  for (const o of zoneObservances(zone, fromYear, toYear)) {
    lines.push(
      `BEGIN:${o.kind}`,
      `TZNAME:${o.name}`,
      `TZOFFSETFROM:${formatUtcOffset(o.fromOffset)}`,
      `TZOFFSETTO:${formatUtcOffset(o.toOffset)}`,
      `DTSTART:${formatLocal(o.startMs)}`,
    );
    if (o.yearly) {
      const until = o.yearly.untilMs === undefined ? '' : `;UNTIL=${formatLocal(o.yearly.untilMs)}Z`;
      lines.push(`RRULE:FREQ=YEARLY;BYMONTH=${o.yearly.month};BYDAY=${o.yearly.byDay}${until}`);
    }
    lines.push(`END:${o.kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
