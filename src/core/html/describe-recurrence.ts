// A series in words for the page ("Every week on Monday, 5 times", "Every month on the second Tuesday")
// and its next occurrences from the build stamp. Rules too intricate to say plainly are shown as written.
import type { Recurrence } from '../resolve-recurrence.js';
import { parseRule, type Frequency, type RuleParts } from '../rrule-text.js';
import type { CalendarDate } from '../time-text.js';
import { formatDay, monthName, weekdayIndex, weekdayName } from './page-text.js';

const UNITS: Record<Frequency, [one: string, many: string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const EXDATES_NAMED = 3;

/** `Monday, Wednesday and Friday` */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The rule of a series as a sentence, with how it ends and which dates it skips. */
export function describeRecurrence(recurrence: Recurrence, first: CalendarDate): string {
  // The engine's form of the rule has UNTIL as the venue's wall-clock time: its date is the one people mean.
  const parsed = parseRule(recurrence.engineRule);
  if (!parsed.ok) throw new Error(`a resolved rule no longer parses: ${recurrence.engineRule}`);
  const parts = parsed.parts;
  const pattern = describePattern(parts, first);
  const sentence = pattern ?? `Repeats by the rule ${recurrence.rule}`;
  const ending = parts.count !== undefined ? `, ${parts.count} times` : parts.until ? `, until ${formatDay(parts.until.kind === 'date' ? parts.until.date : parts.until.wall)}` : '';
  const skipped = recurrence.exdates.map(formatDay);
  const except = skipped.length === 0 ? '' : skipped.length <= EXDATES_NAMED ? ` (except ${listInWords(skipped)})` : ` (except ${skipped.slice(0, EXDATES_NAMED).join(', ')} and ${skipped.length - EXDATES_NAMED} more)`;
  return `${sentence}${ending}${except}`;
}

/** `Every 2 weeks on Monday and Thursday`; undefined for rules with parts that have no plain wording. */
function describePattern(parts: RuleParts, first: CalendarDate): string | undefined {
  if (parts.bySetPos || parts.byYearDay || parts.byWeekNo || parts.wkst) return undefined;
  const interval = parts.interval ?? 1;
  const [one, many] = UNITS[parts.freq];
  const every = interval === 1 ? `Every ${one}` : `Every ${interval} ${many}`;
  const days = parts.byDay?.map(parseDay);
  const months = parts.byMonth ? ` in ${listInWords(parts.byMonth.map(monthName))}` : '';

  switch (parts.freq) {
    case 'DAILY': {
      if (parts.byMonthDay) return undefined;
      if (!days) return `${every}${months}`;
      // BYDAY on a daily rule keeps the days named; with an interval there is no plain way to say it.
      if (interval !== 1 || days.some((d) => d.position !== undefined)) return undefined;
      const names = DAY_CODES.map((_, i) => i).filter((i) => days.some((d) => d.index === i));
      const weekdays = names.length === 5 && names.every((i) => i < 5) ? 'weekday (Monday to Friday)' : listInWords(names.map(weekdayName));
      return `Every ${weekdays}${months}`;
    }
    case 'WEEKLY': {
      const weekdays = days ? days.map((d) => weekdayName(d.index)) : [weekdayName(weekdayIndex(first))];
      return `${every} on ${listInWords(weekdays)}${months}`;
    }
    case 'MONTHLY': {
      const on = describeMonthDays(parts, days) ?? `the ${dayOrdinal(first.day)}`;
      return `${every} on ${on}${months}`;
    }
    case 'YEARLY': {
      if (!parts.byMonth && !days && !parts.byMonthDay) return `${every} on ${first.day} ${monthName(first.month)}`;
      const on = describeMonthDays(parts, days);
      if (!on) return `${every}${months}`;
      return `${every} on ${on}${parts.byMonth ? ` of ${listInWords(parts.byMonth.map(monthName))}` : ' of the month'}`;
    }
  }
}

/** `the second Tuesday`, `every Friday`, `the 1st and 15th`, `the last day`; undefined when neither part is given. */
function describeMonthDays(parts: RuleParts, days: { index: number; position?: number }[] | undefined): string | undefined {
  const words: string[] = [];
  if (days) {
    for (const d of days) words.push(d.position === undefined ? `every ${weekdayName(d.index)}` : `the ${positionWord(d.position)} ${weekdayName(d.index)}`);
  }
  if (parts.byMonthDay) {
    const numbered = parts.byMonthDay.map((n) => (n > 0 ? dayOrdinal(n) : n === -1 ? 'last day' : `${positionWord(n)} day`));
    words.push(`the ${listInWords(numbered)}`);
  }
  return words.length ? listInWords(words) : undefined;
}

function parseDay(code: string): { index: number; position?: number } {
  const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(code)!;
  return m[1] === undefined ? { index: DAY_CODES.indexOf(m[2]!) } : { index: DAY_CODES.indexOf(m[2]!), position: Number(m[1]) };
}

/** 2 → `second`, -1 → `last`, -2 → `second-to-last`, 12 → `12th`. */
function positionWord(position: number): string {
  if (position === -1) return 'last';
  if (position < 0) return `${positionWord(-position)}-to-last`;
  return ORDINALS[position] ?? dayOrdinal(position);
}

/** 1 → `1st`, 2 → `2nd`, 11 → `11th`, 23 → `23rd`. */
function dayOrdinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
