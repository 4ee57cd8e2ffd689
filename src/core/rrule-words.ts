// A series written in English words (`weekly on tuesday for 8 weeks`) → the RRULE it means, for the message
// that says how to write it. Only when every word is understood: a guess at a series would publish wrong dates.
// (rrule.js has a `fromText`, but it reads only its own phrasing, `every week on Tuesday for 8 times`, and
// would be a dependency for one message.)

const WEEKDAY_WORDS: [RegExp, string][] = [
  [/^mon(day)?s?$/, 'MO'],
  [/^tue(s|sday)?s?$/, 'TU'],
  [/^wed(nesday)?s?$/, 'WE'],
  [/^thu(r|rs|rsday)?s?$/, 'TH'],
  [/^fri(day)?s?$/, 'FR'],
  [/^sat(urday)?s?$/, 'SA'],
  [/^sun(day)?s?$/, 'SU'],
];

const UNITS: Record<string, 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY'> = {
  day: 'DAILY',
  days: 'DAILY',
  week: 'WEEKLY',
  weeks: 'WEEKLY',
  month: 'MONTHLY',
  months: 'MONTHLY',
  year: 'YEARLY',
  years: 'YEARLY',
};

const ADVERBS: Record<string, [freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY', interval: number]> = {
  daily: ['DAILY', 1],
  weekly: ['WEEKLY', 1],
  biweekly: ['WEEKLY', 2],
  fortnightly: ['WEEKLY', 2],
  monthly: ['MONTHLY', 1],
  yearly: ['YEARLY', 1],
  annually: ['YEARLY', 1],
};

const FILLER = new Set(['on', 'and', 'the', 'each', 'a', 'repeating', 'repeats', 'repeat']);

/** The RRULE that `text` says in words, or undefined when any word is not understood. */
export function ruleFromWords(text: string): string | undefined {
  const words = text.toLowerCase().replace(/[,.]/g, ' ').split(/\s+/).filter(Boolean);
  let freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' | undefined;
  let interval = 1;
  const days: string[] = [];
  let count: number | undefined;
  let span: { n: number; freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' } | undefined;
  let until: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const day = WEEKDAY_WORDS.find(([pattern]) => pattern.test(word))?.[1];
    if (day) {
      if (!days.includes(day)) days.push(day);
    } else if (word === 'weekdays' || word === 'weekday') {
      days.push(...['MO', 'TU', 'WE', 'TH', 'FR'].filter((d) => !days.includes(d)));
    } else if (ADVERBS[word]) {
      [freq, interval] = ADVERBS[word];
    } else if (word === 'every') {
      // every week, every 2 weeks, every other week, every tuesday
      const n = next === 'other' ? 2 : next !== undefined && /^\d+$/.test(next) ? Number(next) : 1;
      const unitAt = next === 'other' || (next !== undefined && /^\d+$/.test(next)) ? i + 2 : i + 1;
      const unit = UNITS[words[unitAt] ?? ''];
      if (unit) {
        freq = unit;
        interval = n;
        i = unitAt;
      } else if (n !== 1) {
        return undefined;
      }
    } else if (word === 'for' && next !== undefined && /^\d+$/.test(next)) {
      const n = Number(next);
      const unit = words[i + 2];
      i += 2;
      if (unit === 'times' || unit === 'occurrences' || unit === 'sessions' || unit === 'meetings') count = n;
      else if (unit !== undefined && UNITS[unit] !== undefined) span = { n, freq: UNITS[unit] };
      else return undefined;
    } else if (word === 'until' && next !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(next)) {
      until = next.replaceAll('-', '');
      i += 1;
    } else if (!FILLER.has(word)) {
      return undefined;
    }
  }
  if (days.length && freq === undefined) freq = 'WEEKLY';
  freq ??= span?.freq;
  if (freq === undefined) return undefined;
  if (span) {
    // "for 8 weeks" of a weekly series: the occurrences in those 8 weeks
    if (span.freq !== freq || span.n % interval !== 0 || count !== undefined) return undefined;
    count = (span.n / interval) * Math.max(1, freq === 'WEEKLY' ? days.length : 1);
  }
  if (days.length && freq !== 'WEEKLY' && freq !== 'DAILY') return undefined;
  const parts = [`FREQ=${freq}`];
  if (interval !== 1) parts.push(`INTERVAL=${interval}`);
  if (days.length) parts.push(`BYDAY=${days.join(',')}`);
  if (count !== undefined) parts.push(`COUNT=${count}`);
  if (until !== undefined) parts.push(`UNTIL=${until}`);
  return parts.join(';');
}
