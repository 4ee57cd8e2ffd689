// Zones: wall-clock times to instants exactly (offsets with seconds included), and suggestions for unknown names.
import { describe, expect, it } from 'vitest';
import { checkZone, instantsOfWall } from '../../src/core/zones.js';

describe('instants of a wall-clock time', () => {
  it('one normally, none in a gap, two in an overlap', () => {
    expect(instantsOfWall('Europe/Brussels', Date.UTC(2022, 0, 10, 8, 55))).toEqual([Date.UTC(2022, 0, 10, 7, 55)]);
    expect(instantsOfWall('Europe/Brussels', Date.UTC(2022, 2, 27, 2, 30))).toEqual([]);
    expect(instantsOfWall('Europe/Brussels', Date.UTC(2022, 9, 30, 2, 30))).toEqual([Date.UTC(2022, 9, 30, 0, 30), Date.UTC(2022, 9, 30, 1, 30)]);
  });

  it('is exact for an offset with seconds (Monrovia was -00:44:30 until 1972)', () => {
    expect(instantsOfWall('Africa/Monrovia', Date.UTC(1960, 0, 1, 12))).toEqual([Date.UTC(1960, 0, 1, 12, 44, 30)]);
    // 1919-03-01: clocks went back from 00:00 (LMT, -00:43:08) to 23:58:38, so 23:59 on the day before came twice.
    expect(instantsOfWall('Africa/Monrovia', Date.UTC(1919, 2, 1))).toEqual([Date.UTC(1919, 2, 1, 0, 44, 30)]);
    expect(instantsOfWall('Africa/Monrovia', Date.UTC(1919, 1, 28, 23, 59))).toHaveLength(2);
  });
});

describe('unknown zones', () => {
  it.each([
    ['Europe/Brusels', 'unknown time zone "Europe/Brusels"; did you mean Europe/Brussels?'],
    ['europe/brussels', 'unknown time zone "europe/brussels"; zone names are case-sensitive: did you mean Europe/Brussels?'],
    ['Kyiv', 'unknown time zone "Kyiv"; did you mean Europe/Kyiv?'],
    ['new_york', 'unknown time zone "new_york"; did you mean America/New_York?'],
    ['Mars/Olympus', 'unknown time zone "Mars/Olympus"; use an IANA name like Europe/Brussels or America/New_York'],
  ])('%s', (zone, message) => {
    expect(checkZone(zone)).toEqual({ ok: false, message });
  });

  it('a long value is shown cut and gets no suggestions, at once (200,000 characters once took minutes)', () => {
    const zone = `Europe/${'x'.repeat(200_000)}`;
    expect(checkZone(zone)).toEqual({ ok: false, message: `unknown time zone "Europe/${'x'.repeat(33)}…" (200,007 characters); use an IANA name like Europe/Brussels or America/New_York` });
  });
});
