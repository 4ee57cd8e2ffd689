// The page's own date texts agree with the calendar as Intl knows it, and spans read naturally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDayRange, formatLongDay, formatShortDay, formatDatetimeAttribute } from '../../../src/core/html/page-text.js';
import { dateFromDayNumber } from '../../../src/core/time-text.js';

describe('page texts', () => {
  it('names the weekday and month of any date as Intl does (en-GB)', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 376_000 }), (days) => {
        const date = dateFromDayNumber(days);
        expect(formatLongDay(date)).toBe(intl.format(new Date(days * 86_400_000)).replace(',', ''));
      }),
    );
  });

  it('shortens a day to three-letter names', () => {
    expect(formatShortDay({ year: 2022, month: 1, day: 11 })).toBe('Tue 11 Jan');
  });

  it('writes a span of days once where the month or year is shared', () => {
    expect(formatDayRange({ year: 2022, month: 1, day: 10 }, { year: 2022, month: 1, day: 12 })).toBe('10–12 January 2022');
    expect(formatDayRange({ year: 2022, month: 1, day: 31 }, { year: 2022, month: 2, day: 2 })).toBe('31 January – 2 February 2022');
    expect(formatDayRange({ year: 2022, month: 12, day: 31 }, { year: 2023, month: 1, day: 1 })).toBe('31 December 2022 – 1 January 2023');
  });

  it("writes <time datetime> as the venue's wall time with its offset, parseable back to the same instant", () => {
    const ms = Date.UTC(2022, 0, 10, 7, 55);
    expect(formatDatetimeAttribute(ms, 'Europe/Zurich')).toBe('2022-01-10T08:55+01:00');
    expect(formatDatetimeAttribute(ms, 'America/St_Johns')).toBe('2022-01-10T04:25-03:30');
    for (const zone of ['Europe/Zurich', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC']) {
      expect(Date.parse(formatDatetimeAttribute(ms, zone))).toBe(ms);
    }
  });
});
