// An oracle for wall-clock times that shares no code with calfeed (nor luxon): it asks Intl what time each
// candidate instant shows in the zone, so a wall time exists once, twice (clocks went back) or not at all.

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock an instant shows in a zone, to the second. */
export function wallAt(zone: string, ms: number): Wall {
  const parts = Object.fromEntries(formatter(zone).formatToParts(ms).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  return { year, month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

export const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The UTC offset of a zone at an instant, in milliseconds (to the second: some offsets before 1970 have seconds). */
export const offsetMsAt = (zone: string, ms: number) => wallAsUtc(wallAt(zone, ms)) - Math.floor(ms / 1000) * 1000;

/**
 * Every instant at which the zone's clocks show this wall time, earliest first: one normally, none in a gap
 * (clocks went forward), two in an overlap (clocks went back). A change of offset happens at most once in two
 * days in every zone, so the offsets found a day either side are all the candidates there are.
 */
export function instantsOfWall(zone: string, wall: Wall): number[] {
  const naive = wallAsUtc(wall);
  const offsets = new Set([-1, 0, 1].map((days) => offsetMsAt(zone, naive + days * 86_400_000)));
  const instants = [...offsets].map((offset) => naive - offset).filter((ms) => wallAsUtc(wallAt(zone, ms)) === naive);
  return [...new Set(instants)].sort((a, b) => a - b);
}

export interface Transition {
  /** The first instant with the new offset (to the second). */
  atMs: number;
  beforeMs: number;
  afterMs: number;
}

/** The zone's changes of UTC offset between two instants, found by weekly steps and bisection. */
export function transitionsOf(zone: string, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  const week = 7 * 86_400_000;
  fromMs = Math.floor(fromMs / 1000) * 1000; // whole seconds, so the bisection always moves
  let previous = offsetMsAt(zone, fromMs);
  for (let t = fromMs + week; t <= toMs; t += week) {
    const offset = offsetMsAt(zone, t);
    if (offset === previous) continue;
    let lo = t - week;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (offsetMsAt(zone, mid) === previous) lo = mid;
      else hi = mid;
    }
    found.push({ atMs: hi, beforeMs: previous, afterMs: offsetMsAt(zone, hi) });
    previous = offset;
  }
  return found;
}

export function wallOfUtcMs(ms: number): Wall {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}
