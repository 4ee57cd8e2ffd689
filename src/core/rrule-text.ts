// RRULE text as people write it → its checked parts (RFC 5545 §3.3.10), or messages that say how to fix it.
import { ruleFromWords } from './rrule-words.js';
import { didYouMean } from './suggest.js';
import { parseTimeText, type WrittenTime } from './time-text.js';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface RuleParts {
  freq: Frequency;
  interval?: number;
  count?: number;
  until?: WrittenTime;
  byDay?: string[];
  byMonthDay?: number[];
  byMonth?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  bySetPos?: number[];
  wkst?: string;
}

export type RuleResult = { ok: true; parts: RuleParts } | { ok: false; messages: string[] };

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
const SUB_DAILY = ['SECONDLY', 'MINUTELY', 'HOURLY'];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const KEYS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS', 'WKST'];
const TIME_KEYS = ['BYHOUR', 'BYMINUTE', 'BYSECOND'];

export function parseRule(text: string): RuleResult {
  const messages: string[] = [];
  const seen = new Map<string, string>();
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body.includes('=') && /[a-z]\s+\S/i.test(body)) {
    const rule = ruleFromWords(body);
    const shape = `${JSON.stringify(body)} is words; an RRULE is KEY=VALUE parts joined by ";"`;
    return { ok: false, messages: [rule ? `${shape}: did you mean ${rule}?` : `${shape}, like FREQ=WEEKLY;BYDAY=TU;COUNT=8 (every Tuesday, 8 times) or FREQ=MONTHLY;BYDAY=1MO;UNTIL=20221231`] };
  }
  for (const part of body.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || value === '') messages.push(`"${part}" has no value; write parts like FREQ=WEEKLY;COUNT=4`);
    else if (TIME_KEYS.includes(key)) messages.push(`${key} is not supported: the time of day comes from start; write one event per time of day`);
    else if (!KEYS.includes(key)) messages.push(`unknown rule part ${key}${didYouMean(key, KEYS)}`);
    else if (seen.has(key)) messages.push(`${key} is given twice`);
    else seen.set(key, value);
  }
  const freqText = seen.get('FREQ')?.toUpperCase();
  if (freqText === undefined) {
    if (!messages.length) messages.push('the rule has no FREQ; start it with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
    return { ok: false, messages };
  }
  if (!(FREQUENCIES as readonly string[]).includes(freqText)) {
    messages.push(
      SUB_DAILY.includes(freqText)
        ? `FREQ=${freqText} is not supported: calendar series repeat daily at most (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)`
        : `FREQ=${freqText} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY${didYouMean(freqText, FREQUENCIES)}`,
    );
    return { ok: false, messages };
  }
  const freq = freqText as Frequency;
  const parts: RuleParts = { freq };

  const integer = (key: string, min: number, max: number): number | undefined => {
    const value = seen.get(key);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      messages.push(`${key}=${value} must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return Number(value);
  };
  const list = (key: string, limit: number, allowNegative = true): number[] | undefined => {
    const value = seen.get(key);
    if (value === undefined) return undefined;
    const numbers = value.split(',').map((v) => v.trim());
    const bad = numbers.filter((v) => !(allowNegative ? /^[+-]?\d+$/ : /^\+?\d+$/).test(v) || Number(v) === 0 || Math.abs(Number(v)) > limit);
    if (bad.length) {
      messages.push(`${key}=${value}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} out of range (${allowNegative ? `±1 to ±${limit}` : `1 to ${limit}`})`);
      return undefined;
    }
    return numbers.map(Number);
  };

  parts.interval = integer('INTERVAL', 1, 1000);
  parts.count = integer('COUNT', 1, 10_000);
  parts.byMonthDay = list('BYMONTHDAY', 31);
  parts.byMonth = list('BYMONTH', 12, false);
  parts.byYearDay = list('BYYEARDAY', 366);
  parts.byWeekNo = list('BYWEEKNO', 53);
  parts.bySetPos = list('BYSETPOS', 366);

  const untilText = seen.get('UNTIL');
  if (untilText !== undefined) {
    const until = parseUntil(untilText);
    if (!until) messages.push(`UNTIL=${untilText} is not a date or time; write it like UNTIL=20220630 or UNTIL=20220630T090000`);
    else parts.until = until;
  }
  if (parts.count !== undefined && untilText !== undefined) messages.push('COUNT and UNTIL cannot both be given; keep one of them');

  const byDay = seen.get('BYDAY');
  if (byDay !== undefined) {
    const days = byDay.toUpperCase().split(',').map((d) => d.trim());
    const ordinalAllowed = freq === 'MONTHLY' || freq === 'YEARLY';
    for (const day of days) {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(day);
      if (!m || !WEEKDAYS.includes(m[2]!)) {
        messages.push(`BYDAY value "${day}" is not a weekday; use MO, TU, WE, TH, FR, SA, SU, optionally with a position like 2TU or -1FR`);
      } else if (m[1] !== undefined && (Number(m[1]) === 0 || Math.abs(Number(m[1])) > (freq === 'YEARLY' ? 53 : 5))) {
        messages.push(`BYDAY value "${day}": the position must be from 1 to ${freq === 'YEARLY' ? 53 : 5} or -1 to -${freq === 'YEARLY' ? 53 : 5}`);
      } else if (m[1] !== undefined && !ordinalAllowed) {
        messages.push(`BYDAY value "${day}" has a position, which only MONTHLY and YEARLY rules take; write ${m[2]} for FREQ=${freq}`);
      }
    }
    parts.byDay = days;
  }
  if (parts.byWeekNo && freq !== 'YEARLY') messages.push('BYWEEKNO works only with FREQ=YEARLY');
  if (parts.byYearDay && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) messages.push('BYYEARDAY works only with FREQ=YEARLY');
  if (parts.byMonthDay && freq === 'WEEKLY') messages.push('BYMONTHDAY does not work with FREQ=WEEKLY; use BYDAY');
  const wkst = seen.get('WKST')?.toUpperCase();
  if (wkst !== undefined) {
    if (!WEEKDAYS.includes(wkst)) messages.push(`WKST=${wkst} is not a weekday; use MO to SU`);
    else parts.wkst = wkst;
  }
  return messages.length ? { ok: false, messages } : { ok: true, parts };
}

/** UNTIL in RFC 5545 form (20220630, 20220630T090000, …Z) or as people write dates (2022-06-30 09:00). */
function parseUntil(text: string): WrittenTime | undefined {
  const basic = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/i.exec(text);
  if (basic) {
    const [, y, mo, d, h, mi, s, z] = basic;
    return parseTimeText(`${y}-${mo}-${d}${h === undefined ? '' : ` ${h}:${mi}${s ? `:${s}` : ''}${z ? 'Z' : ''}`}`);
  }
  return parseTimeText(text);
}

/** The rule's text without UNTIL, in a fixed order, for the feed and the rule engine (UNTIL is added by the caller). */
export function formatRuleWithoutUntil(parts: RuleParts): string {
  const out = [`FREQ=${parts.freq}`];
  if (parts.count !== undefined) out.push(`COUNT=${parts.count}`);
  if (parts.interval !== undefined && parts.interval !== 1) out.push(`INTERVAL=${parts.interval}`);
  if (parts.byMonth) out.push(`BYMONTH=${parts.byMonth.join(',')}`);
  if (parts.byWeekNo) out.push(`BYWEEKNO=${parts.byWeekNo.join(',')}`);
  if (parts.byYearDay) out.push(`BYYEARDAY=${parts.byYearDay.join(',')}`);
  if (parts.byMonthDay) out.push(`BYMONTHDAY=${parts.byMonthDay.join(',')}`);
  if (parts.byDay) out.push(`BYDAY=${parts.byDay.join(',')}`);
  if (parts.bySetPos) out.push(`BYSETPOS=${parts.bySetPos.join(',')}`);
  if (parts.wkst) out.push(`WKST=${parts.wkst}`);
  return out.join(';');
}
