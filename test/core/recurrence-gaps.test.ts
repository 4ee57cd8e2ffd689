// The shortcut that skips reading an endless series must find every DST gap a day-by-day check finds.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { mayFallInGap } from '../../src/core/resolve-recurrence.js';
import { findTransitions } from '../../src/core/vtimezone-rules.js';
import { offsetMinutesAt } from '../../src/core/zones.js';
import { oneEvent, parseYamlText, problemsOf } from '../helpers/yaml.js';

// Zones with gaps at odd times: half-hour DST, a skipped day (Apia 2011), Ramadan suspensions (four
// changes a year in Casablanca), midnight changes (Havana, Santiago), a change of base offset (Moscow 2011).
const ZONES = ['Europe/Brussels', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Chatham', 'America/Havana', 'America/Santiago', 'Africa/Casablanca', 'Europe/Moscow', 'Asia/Tokyo'];
const TIMES = [[0, 0], [0, 30], [2, 30], [3, 15], [23, 30]] as const;
const YEARS = [2011, 2012, 2013];

function skippedSomeDay(zone: string, hour: number, minute: number, year: number): boolean {
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const d = new Date(day);
    const wall = { year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute, second: 0 };
    const local = DateTime.fromObject(wall, { zone });
    if (local.hour !== hour || local.minute !== minute || local.day !== wall.day) return true;
  }
  return false;
}

describe('an endless series is read only when its time of day can fall into a gap', () => {
  it('the change-day check agrees with a day-by-day check, zone by zone and year by year', () => {
    for (const zone of ZONES) {
      for (const [hour, minute] of TIMES) {
        for (const year of YEARS) {
          const wall = { year, month: 1, day: 1, hour, minute, second: 0 };
          expect([zone, hour, minute, year, mayFallInGap(zone, wall, year, year)]).toEqual([zone, hour, minute, year, skippedSomeDay(zone, hour, minute, year)]);
        }
      }
    }
  });

  it('an endless series at a time the clocks skip is still reported', () => {
    expect(problemsOf(parseYamlText(oneEvent('start: 2022-01-09 02:30\nrrule: FREQ=WEEKLY;BYDAY=SU')))).toEqual([
      "8:12: events.0.rrule: the occurrence 2022-03-27 02:30 (and 10 more) does not exist in Europe/Brussels: the clocks skip that hour; move the series' start time or add it to exdates",
    ]);
  });
});

describe('zone offsets scanned a week at a time', () => {
  // The closest cancelling pairs of changes in tzdata from 1900 to 2100: seven days apart.
  it.each([
    ['America/Boa_Vista', 2000],
    ['America/Recife', 2000],
    ['Asia/Gaza', 2040],
    ['Asia/Hebron', 2054],
    ['Africa/Casablanca', 2013],
    ['Pacific/Apia', 2011],
  ] as const)('%s in %i: the same changes as a scan of every day', (zone, year) => {
    const daily: number[] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      if (offsetMinutesAt(zone, t) !== offsetMinutesAt(zone, t + 86_400_000)) daily.push(t);
    }
    const weekly = findTransitions(zone, year, year).map((c) => c.atMs);
    expect(weekly).toHaveLength(daily.length);
    weekly.forEach((at, i) => expect(at - daily[i]!).toBeGreaterThanOrEqual(0));
    weekly.forEach((at, i) => expect(at - daily[i]!).toBeLessThanOrEqual(86_400_000));
  });
});
