// The `calfeed check` report: each event's times in its own zone and in UTC; for a series, its next occurrences.
import { DateTime } from 'luxon';
import type { Calendar } from './pipeline.js';
import { occurrenceTimings } from './resolve-recurrence.js';
import type { ResolvedEvent } from './resolve-events.js';
import type { Timing } from './resolve-times.js';
import { formatDate } from './time-text.js';
import { zoneAbbreviation } from './zones.js';

const OCCURRENCES_SHOWN = 5;

/** `nowMs` comes from the caller (the core reads no clock): series list their occurrences from then on. */
export function renderTimesTable({ events }: Calendar, nowMs: number): string {
  const zoneWidth = Math.max(7, ...events.map((e) => e.timing.zone.length));
  return events.map((event) => renderEventTimes(event, zoneWidth, nowMs)).join('');
}

function renderEventTimes(event: ResolvedEvent, zoneWidth: number, nowMs: number): string {
  let out = `${event.id}  ${event.title.split('\n')[0]}${event.status === 'cancelled' ? '  (cancelled)' : ''}\n`;
  if (!event.recurrence) return out + renderTiming(event.timing, zoneWidth);
  out += `  repeats ${event.recurrence.rule}${event.recurrence.exdates.length ? `, ${event.recurrence.exdates.length} excluded` : ''}\n`;
  let shown = occurrenceTimings(event.recurrence, event.timing, { fromMs: nowMs, limit: OCCURRENCES_SHOWN });
  if (shown.length === 0) {
    out += `  (no occurrence after ${new Date(nowMs).toISOString().slice(0, 10)}; the first ones were)\n`;
    shown = occurrenceTimings(event.recurrence, event.timing, { limit: OCCURRENCES_SHOWN });
  } else {
    out += '  next occurrences:\n';
  }
  return out + shown.map((timing) => renderTiming(timing, zoneWidth)).join('');
}

function renderTiming(t: Timing, zoneWidth: number): string {
  if (t.kind === 'all-day') {
    const last = DateTime.fromObject(t.endDate, { zone: 'UTC' }).minus({ days: 1 }).toISODate();
    const span = last === formatDate(t.startDate) ? formatDate(t.startDate) : `${formatDate(t.startDate)} to ${last}`;
    return `  ${'all day'.padEnd(zoneWidth)}  ${span} (inclusive)\n`;
  }
  const fmt = 'ccc yyyy-MM-dd HH:mm';
  const local = (ms: number) => `${DateTime.fromMillis(ms, { zone: t.zone }).setLocale('en-US').toFormat(fmt)} ${zoneAbbreviation(t.zone, ms)}`;
  const utc = (ms: number) => `${DateTime.fromMillis(ms, { zone: 'UTC' }).setLocale('en-US').toFormat(fmt)}Z`;
  return `  ${t.zone.padEnd(zoneWidth)}  ${local(t.startMs)} → ${local(t.endMs)}\n  ${'UTC'.padEnd(zoneWidth)}  ${utc(t.startMs)} → ${utc(t.endMs)}\n`;
}
