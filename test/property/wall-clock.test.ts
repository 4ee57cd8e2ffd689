// Property (PROPERTY_RUNS=… runs more cases): every wall-clock time either resolves to the one instant it shows in its zone, or is reported as
// a time that does not exist (with a suggestion that does) or that occurs twice (with both instants as offsets).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../helpers/yaml.js';
import { zoneAndWall, formatWallText } from './arbitraries.js';
import { instantsOfWall, wallAsUtc, type Wall } from './wall-clock-oracle.js';

const eventAt = (zone: string, start: string) =>
  `calendar:\n  name: Clocks\nevents:\n  - id: e\n    title: T\n    start: ${start}\n    timezone: ${zone}\n`;

const parseWall = (text: string): Wall => {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/.exec(text)!;
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +(m[6] ?? 0) };
};

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('wall-clock times', () => {
  it('every wall-clock time either round-trips or is reported as nonexistent-time or ambiguous-time', () => {
    fc.assert(
      fc.property(zoneAndWall, ({ zone, wall }) => {
        const written = formatWallText(wall);
        const result = parseYamlText(eventAt(zone, written));
        const instants = instantsOfWall(zone, wall);
        if (instants.length === 1) {
          if (!result.ok) throw new Error(`${written} in ${zone} exists once, yet: ${result.problems.map((p) => p.message).join(' | ')}`);
          const timing = result.value.events[0]!.timing;
          expect(timing.kind === 'timed' && timing.startMs).toBe(instants[0]);
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems).toHaveLength(1);
        const [p] = result.problems;
        expect(p).toMatchObject({ path: ['events', 0, 'start'], line: 6, col: 12 });
        if (instants.length === 0) {
          expect(p!.code).toBe('nonexistent-time');
          // The suggested time exists, once, and is after the one written.
          const suggested = /did you mean (\S+(?: \S+)?)\?$/.exec(p!.message)![1]!;
          const suggestion = /^\d\d:\d\d(:\d\d)?$/.test(suggested) ? parseWall(`${written.slice(0, 10)} ${suggested}`) : parseWall(suggested);
          expect(instantsOfWall(zone, suggestion)).toHaveLength(1);
          expect(wallAsUtc(suggestion)).toBeGreaterThan(wallAsUtc(wall));
        } else {
          expect(instants).toHaveLength(2);
          expect(p!.code).toBe('ambiguous-time');
          // Both choices, written with their offsets, name exactly the two instants.
          // (An offset with seconds, before about 1970, has no ±HH:MM form: that choice is written in UTC, …Z.)
          const choices = [...p!.message.matchAll(/(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:Z|([+-])(\d\d):(\d\d))/g)].map(([, wallText, sign, hh, mm]) => {
            const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
            return wallAsUtc(parseWall(wallText!)) - offsetMs;
          });
          expect(choices).toEqual(instants);
        }
      }),
      { numRuns: runs },
    );
  }, Math.max(60_000, runs * 20));
});
