// Occurrences of a rule in wall-clock time (floating), by ical.js's RFC 5545 iterator — the one Thunderbird uses.
// Iterating wall-clock values keeps a series at its local time across DST; instants are made afterwards, per zone.
import ICAL from 'ical.js';
import type { CalendarDate, WallTime } from './time-text.js';

export function* iterateWallStarts(rule: string, first: WallTime | CalendarDate, isDate: boolean, limit: number): Generator<WallTime> {
  const start = ICAL.Time.fromData(isDate ? { ...first, isDate: true } : { ...(first as WallTime), isDate: false });
  const iterator = ICAL.Recur.fromString(rule).iterator(start);
  for (let i = 0; i < limit; i++) {
    const next = iterator.next();
    if (!next) return;
    yield { year: next.year, month: next.month, day: next.day, hour: isDate ? 0 : next.hour, minute: isDate ? 0 : next.minute, second: isDate ? 0 : next.second };
  }
}
