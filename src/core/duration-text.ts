// Durations as people write them: `7h35m`, `90m`, `2d`, `1w`, or ISO 8601 `PT7H35M` / `P2D`.

export interface DurationParts {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const SHORT = /^(?:(\d+)w)?\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+)s)?$/i;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/** Parts of a positive duration, or undefined when the text is not one (years and months are refused: their length varies). */
export function parseDurationText(text: string): DurationParts | undefined {
  const parts = readDurationParts(text);
  return parts && totalSeconds(parts) > 0 ? parts : undefined;
}

/** The parts as written, zero included; undefined when the text is not a duration at all. */
export function readDurationParts(text: string): DurationParts | undefined {
  const trimmed = text.trim();
  const m = ISO.exec(trimmed) ?? SHORT.exec(trimmed);
  if (!m || trimmed === '' || /^P$|T$/i.test(trimmed)) return undefined;
  const parts = {
    weeks: Number(m[1] ?? 0),
    days: Number(m[2] ?? 0),
    hours: Number(m[3] ?? 0),
    minutes: Number(m[4] ?? 0),
    seconds: Number(m[5] ?? 0),
  };
  return parts;
}

/** Nominal length, with a day as 24 hours. */
export function totalSeconds(d: DurationParts): number {
  return (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds;
}

/** RFC 5545 §3.3.6 dur-value: a minute part whenever seconds follow hours, "P1W" only alone. */
export function formatIsoDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  let rest = seconds % 86_400;
  const hours = Math.floor(rest / 3600);
  rest %= 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest % 60;
  let time = '';
  if (hours) time += `${hours}H`;
  if (minutes || (hours && secs)) time += `${minutes}M`;
  if (secs) time += `${secs}S`;
  const date = days ? `${days}D` : '';
  if (!date && !time) return 'PT0S';
  return `P${date}${time ? `T${time}` : ''}`;
}
