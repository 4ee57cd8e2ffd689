// The `calfeed check` report: each event's times in its own zone and in UTC, as plain text.
import { DateTime } from 'luxon';
import type { Calendar } from './pipeline.js';
import type { ResolvedEvent } from './resolve-events.js';
import { formatDate } from './time-text.js';
import { zoneAbbreviation } from './zones.js';

export function renderTimesTable({ events }: Calendar): string {
  const zoneWidth = Math.max(3, ...events.map((e) => e.timing.zone.length));
  return events.map((event) => renderEventTimes(event, zoneWidth)).join('');
}

function renderEventTimes(event: ResolvedEvent, zoneWidth: number): string {
  const t = event.timing;
  const head = `${event.id}  ${event.title.split('\n')[0]}${event.status === 'cancelled' ? '  (cancelled)' : ''}\n`;
  if (t.kind === 'all-day') {
    const last = DateTime.fromObject(t.endDate, { zone: 'UTC' }).minus({ days: 1 }).toISODate();
    const span = last === formatDate(t.startDate) ? formatDate(t.startDate) : `${formatDate(t.startDate)} to ${last}`;
    return `${head}  ${'all day'.padEnd(zoneWidth)}  ${span} (inclusive)\n`;
  }
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: t.zone }).setLocale('en-US');
  const utc = (ms: number) => DateTime.fromMillis(ms, { zone: 'UTC' }).setLocale('en-US');
  const fmt = "ccc yyyy-MM-dd HH:mm";
  return (
    head +
    `  ${t.zone.padEnd(zoneWidth)}  ${local(t.startMs).toFormat(fmt)} ${zoneAbbreviation(t.zone, t.startMs)} → ${local(t.endMs).toFormat(fmt)} ${zoneAbbreviation(t.zone, t.endMs)}\n` +
    `  ${'UTC'.padEnd(zoneWidth)}  ${utc(t.startMs).toFormat(fmt)}Z → ${utc(t.endMs).toFormat(fmt)}Z\n`
  );
}
