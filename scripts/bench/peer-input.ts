// What every peer runner shares: read events.yaml the way a user of that library would (the `yaml`
// package, no validation), and the few conversions they all need. Not calfeed code: a peer's baseline.
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import type { GeneratedCalendar, GeneratedEvent } from './generate-events.js';

export function readEventsYaml(path: string): GeneratedCalendar {
  return parse(readFileSync(path, 'utf8')) as GeneratedCalendar;
}

export interface PeerTimes {
  allDay: boolean;
  startMs: number;
  endMs: number;
  /** All-day: [y, m, d] of the first day and of the day after the last. */
  startDate?: [number, number, number];
  endDate?: [number, number, number];
}

const DURATION = /^(?:PT)?(?:(\d+)H)?(?:(\d+)M)?$|^(?:(\d+)h)?(?:(\d+)m)?$/i;

function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`duration ${text}`);
  const hours = Number(m[1] ?? m[3] ?? 0);
  const minutes = Number(m[2] ?? m[4] ?? 0);
  return (hours * 60 + minutes) * 60_000;
}

export function peerTimes(event: GeneratedEvent): PeerTimes {
  const start = String(event.start);
  if (start.length === 10) {
    const first = DateTime.fromISO(start, { zone: 'UTC' });
    const last = event.end ? DateTime.fromISO(String(event.end), { zone: 'UTC' }) : first;
    const after = last.plus({ days: 1 });
    return { allDay: true, startMs: first.toMillis(), endMs: after.toMillis(), startDate: [first.year, first.month, first.day], endDate: [after.year, after.month, after.day] };
  }
  const startMs = DateTime.fromISO(start.replace(' ', 'T'), { zone: event.timezone }).toMillis();
  const endMs = event.end ? DateTime.fromISO(String(event.end).replace(' ', 'T'), { zone: event.timezone }).toMillis() : startMs + (event.duration ? durationMs(event.duration) : 3_600_000);
  return { allDay: false, startMs, endMs };
}
