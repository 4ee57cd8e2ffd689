// Reading a file through the memo of earlier builds: only new or edited items are checked again, and the
// result is always what reading it afresh gives, problems included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendar, type EventMemo } from '../../src/core/pipeline.js';
import { memoryRenderStore } from '../../src/io/render-cache.js';
import { fileArb, renderFile } from '../property/events-file.js';
import { dedent } from '../helpers/yaml.js';

const runs = Number(process.env.PROPERTY_RUNS ?? 300);
const bytes = (text: string) => new TextEncoder().encode(text);

/** A memo in memory that counts what it is asked to keep. */
function countingMemo(): EventMemo & { calendarsSet: number; itemsSet: number } {
  const store = memoryRenderStore();
  const memo = {
    calendarsSet: 0,
    itemsSet: 0,
    calendar: (key: string) => store.calendar(key),
    setCalendar: (key: string, value: Parameters<EventMemo['setCalendar']>[1]) => {
      memo.calendarsSet++;
      store.setCalendar(key, value);
    },
    events: (key: string) => store.events(key),
    setEvents: (key: string, value: Parameters<EventMemo['setEvents']>[1]) => {
      memo.itemsSet++;
      store.setEvents(key, value);
    },
  };
  return memo;
}

const FILE = dedent`
  calendar:
    name: Memo
    timezone: Europe/Brussels
  events:
    - id: a
      title: First
      start: 2022-03-26 09:00
    - id: b
      title: Second
      start: 2022-03-27 09:00
      rrule: FREQ=WEEKLY;COUNT=3
    - id: c
      title: Third
      start: 2022-03-28
`;

describe('reading through the memo of earlier builds', () => {
  it('a second read of the same file checks nothing again, and gives the same calendar', () => {
    const memo = countingMemo();
    const first = parseCalendar(bytes(FILE), memo);
    expect([memo.calendarsSet, memo.itemsSet]).toEqual([1, 3]);
    const second = parseCalendar(bytes(FILE), memo);
    expect([memo.calendarsSet, memo.itemsSet]).toEqual([1, 3]);
    expect(second).toEqual(first);
    expect(second).toEqual(parseCalendar(bytes(FILE)));
  });

  it('an edited item is the only one checked again; a changed calendar zone checks every item again', () => {
    const memo = countingMemo();
    parseCalendar(bytes(FILE), memo);
    const edited = FILE.replace('title: Second', 'title: Second, moved');
    expect(parseCalendar(bytes(edited), memo)).toEqual(parseCalendar(bytes(edited)));
    expect(memo.itemsSet).toBe(4);
    const renamed = edited.replace('name: Memo', 'name: Memo, renamed');
    expect(parseCalendar(bytes(renamed), memo)).toEqual(parseCalendar(bytes(renamed)));
    expect([memo.calendarsSet, memo.itemsSet]).toEqual([2, 4]);
    const moved = renamed.replace('timezone: Europe/Brussels', 'timezone: America/New_York');
    expect(parseCalendar(bytes(moved), memo)).toEqual(parseCalendar(bytes(moved)));
    expect([memo.calendarsSet, memo.itemsSet]).toEqual([3, 7]);
  });

  it('an id taken again by an edited item is reported, though the other item was met before', () => {
    const memo = countingMemo();
    parseCalendar(bytes(FILE), memo);
    const clash = FILE.replace('id: c', 'id: a');
    const result = parseCalendar(bytes(clash), memo);
    expect(result.ok).toBe(false);
    expect(result).toEqual(parseCalendar(bytes(clash)));
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['duplicate-id']);
  });

  it('any file read after any other through the same memo gives what reading it afresh gives (property)', () => {
    fc.assert(
      fc.property(fileArb, fileArb, (before, after) => {
        const memo = memoryRenderStore();
        parseCalendar(renderFile(before).bytes, memo);
        const { bytes: next } = renderFile(after);
        const afresh = parseCalendar(next);
        expect(parseCalendar(next, memo)).toEqual(afresh);
        memo.endBuild();
        expect(parseCalendar(next, memo)).toEqual(afresh);
      }),
      { numRuns: runs },
    );
  });
});
