// Date and time texts: what calfeed suggests for the ways people write them that it does not read.
import { describe, expect, it } from 'vitest';
import { fixForTimeText, parseTimeText } from '../../src/core/time-text.js';

describe('fixing a date or time text', () => {
  it.each([
    ['2022/01/12', 'did you mean 2022-01-12?'],
    ['2022-1-2 9:05', 'did you mean 2022-01-02 09:05?'],
    ['2022-01-12 0930', 'did you mean 2022-01-12 09:30?'],
    ['2022-01-12 09h30', 'did you mean 2022-01-12 09:30?'],
    ['12.01.2022', 'write the date year first, like 2022-01-10 (YYYY-MM-DD)'],
    ['10:00', 'a time needs its date: write it like 2022-01-10 10:00'],
    ['2022-01-12T09:00:00.5Z', 'calfeed reads whole seconds: write 2022-01-12T09:00:00Z'],
    ['2022-01-12 10:00 Europe/Paris', 'write 2022-01-12 10:00 without "Europe/Paris", and add `timezone: Europe/Paris`'],
    ['2022-01-12 9am', 'did you mean 2022-01-12 09:00?'],
    ['2022-01-12 2:30pm', 'did you mean 2022-01-12 14:30?'],
    ['2022-01-12 2:30 P.M.', 'did you mean 2022-01-12 14:30?'],
    ['2022-01-12 12am', 'did you mean 2022-01-12 00:00?'],
    ['2022-01-12 12pm', 'did you mean 2022-01-12 12:00?'],
    ['9am', 'a time needs its date: write it like 2022-01-10 09:00'],
    ['2:30pm', 'a time needs its date: write it like 2022-01-10 14:30'],
    ['9:05', 'a time needs its date: write it like 2022-01-10 09:05'],
    ['2022-01-12 13pm', 'write it like 2022-01-10 or 2022-01-10 08:55'],
    ['2022-01-12 9', 'write it like 2022-01-10 or 2022-01-10 08:55'],
    ['next Tuesday', 'write it like 2022-01-10 or 2022-01-10 08:55'],
  ])('%s → %s', (text, fix) => {
    expect(parseTimeText(text)).toBeUndefined();
    expect(fixForTimeText(text)).toBe(fix);
  });
});
