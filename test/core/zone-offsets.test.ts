// Offsets from the per-year scan of changes must be luxon's (Intl's) offsets, instant for instant.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantsOfWall, intlOffsetMinutes, offsetMinutesAt, settledInstant } from '../../src/core/zones.js';

const ZONES = ['Europe/Brussels', 'Europe/Kiev', 'America/New_York', 'America/Sao_Paulo', 'America/Boa_Vista', 'Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Chatham', 'Africa/Casablanca', 'Asia/Gaza', 'Europe/Moscow', 'Asia/Kolkata', 'Europe/Amsterdam', 'Africa/Monrovia', 'UTC'];
const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2101, 0, 1);

describe('zone offsets away from a change', () => {
  it('are the offsets luxon gives, at any instant (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), (zone, ms) => {
        expect(offsetMinutesAt(zone, ms)).toBe(intlOffsetMinutes(zone, ms));
      }),
      { numRuns: 3000 },
    );
  });

  it('give the one instant instantsOfWall gives for a wall-clock time, when they give one (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), (zone, ms) => {
        const d = new Date(ms);
        const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
        const settled = settledInstant(wall, zone);
        if (settled !== undefined) expect([settled]).toEqual(instantsOfWall(zone, Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)));
      }),
      { numRuns: 3000 },
    );
  });

  it('are left to luxon next to a change', () => {
    const change = Date.UTC(2022, 2, 27, 1); // Brussels springs forward
    expect(settledInstant({ year: 2022, month: 3, day: 27, hour: 2, minute: 30, second: 0 }, 'Europe/Brussels')).toBeUndefined();
    expect(offsetMinutesAt('Europe/Brussels', change - 1)).toBe(60);
    expect(offsetMinutesAt('Europe/Brussels', change)).toBe(120);
  });
});

describe('an end from a duration of hours, minutes and seconds', () => {
  it('is the instant luxon gives, across DST changes too (property)', async () => {
    const { resolveTiming } = await import('../../src/core/resolve-times.js');
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Brussels', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'),
        fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2024, 0, 1) }),
        fc.record({ hours: fc.nat(30), minutes: fc.nat(59), seconds: fc.nat(59) }),
        (zone, ms, d) => {
          const start = DateTime.fromMillis(ms - (ms % 60_000), { zone });
          const text = start.toFormat('yyyy-MM-dd HH:mm');
          const result = resolveTiming({ start: text, duration: `${d.hours}h${d.minutes}m${d.seconds}s`, timezone: zone }, 'UTC', ['events', 0]);
          if (!result.ok || result.timing.kind !== 'timed') return; // a gap, an overlap or a zero length: reported, not resolved
          const expected = DateTime.fromMillis(result.timing.startMs, { zone }).plus({ hours: d.hours, minutes: d.minutes, seconds: d.seconds }).toMillis();
          expect(result.timing.endMs).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
