// A series written in words: the RRULE it means, when every word is understood, and nothing when not.
import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/core/rrule-text.js';
import { ruleFromWords } from '../../src/core/rrule-words.js';

describe('a series in words', () => {
  it.each([
    ['weekly on tuesday for 8 weeks', 'FREQ=WEEKLY;BYDAY=TU;COUNT=8'],
    ['every Tuesday and Thursday for 4 weeks', 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8'],
    ['for 4 weeks on tuesdays', 'FREQ=WEEKLY;BYDAY=TU;COUNT=4'],
    ['every other week on Monday for 10 weeks', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=5'],
    ['every 2 weeks, 6 times', undefined],
    ['every 2 weeks for 6 times', 'FREQ=WEEKLY;INTERVAL=2;COUNT=6'],
    ['daily for 5 days', 'FREQ=DAILY;COUNT=5'],
    ['every weekday until 2022-06-30', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20220630'],
    ['monthly for 12 months', 'FREQ=MONTHLY;COUNT=12'],
    ['yearly', 'FREQ=YEARLY'],
    ['fortnightly on fri', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['every other week for 9 weeks', undefined], // not a whole number of occurrences
    ['on the first monday of the month', undefined],
    ['weekly on tuesday except holidays', undefined],
    ['monthly on tuesday', undefined], // which Tuesday?
  ])('%s → %s', (words, rule) => {
    expect(ruleFromWords(words)).toBe(rule);
    // Every rule it gives is one calfeed reads.
    if (rule) expect(parseRule(rule)).toMatchObject({ ok: true });
  });

  it('the rule check says what an RRULE looks like, with the rewrite when the words say it', () => {
    expect(parseRule('weekly on tuesday for 8 weeks')).toEqual({
      ok: false,
      messages: ['"weekly on tuesday for 8 weeks" is words; an RRULE is KEY=VALUE parts joined by ";": did you mean FREQ=WEEKLY;BYDAY=TU;COUNT=8?'],
    });
    expect(parseRule('on the first monday of the month')).toEqual({
      ok: false,
      messages: ['"on the first monday of the month" is words; an RRULE is KEY=VALUE parts joined by ";", like FREQ=WEEKLY;BYDAY=TU;COUNT=8 (every Tuesday, 8 times) or FREQ=MONTHLY;BYDAY=1MO;UNTIL=20221231'],
    });
    // One word without "=" is still a part without a value, as before.
    expect(parseRule('FREQ=WEEKLY;COUNT')).toMatchObject({ ok: false, messages: [expect.stringContaining('"COUNT" has no value')] });
  });
});
