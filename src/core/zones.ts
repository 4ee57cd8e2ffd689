// IANA zone names: which are valid, suggestions for misspelt ones, and where the clocks change.
import { createRequire } from 'node:module';
import { DateTime, IANAZone } from 'luxon';
import { closestNames } from './suggest.js';

export type ZoneCheck = { ok: true } | { ok: false; message: string };

const checked = new Map<string, ZoneCheck>();

/** Remembered per name: a calendar names a dozen zones across thousands of events, and each check builds an Intl formatter. */
export function checkZone(name: string): ZoneCheck {
  let check = checked.get(name);
  if (!check) checked.set(name, (check = checkZoneOnce(name)));
  return check;
}

/**
 * The zones tzdata names by an abbreviation rather than a place (its `northamerica` and `europe` files keep
 * them for old POSIX systems, and adds no more), with the place people mean by them. They are valid, and a
 * trap: EST is UTC−5 all year, so a New York event in July is an hour off; CET and the like follow rules
 * of their own in some years. A fixed offset on purpose is written Etc/GMT+5 (the sign is POSIX's).
 */
const ABBREVIATION_ZONES: Record<string, string> = {
  EST: 'America/New_York',
  MST: 'America/Denver or America/Phoenix (which keeps UTC−7 all year)',
  HST: 'Pacific/Honolulu',
  EST5EDT: 'America/New_York',
  CST6CDT: 'America/Chicago',
  MST7MDT: 'America/Denver',
  PST8PDT: 'America/Los_Angeles',
  CET: 'Europe/Paris',
  MET: 'Europe/Paris',
  EET: 'Europe/Athens',
  WET: 'Europe/Lisbon',
};

function abbreviationProblem(name: string): ZoneCheck {
  const meant = ABBREVIATION_ZONES[name]!;
  const january = IANAZone.create(name).offset(Date.UTC(2022, 0, 15));
  const july = IANAZone.create(name).offset(Date.UTC(2022, 6, 15));
  if (january === july && !/\d/.test(name)) {
    const hours = january / 60;
    const fixed = `Etc/GMT${hours <= 0 ? '+' : '-'}${Math.abs(hours)}`;
    const sign = january < 0 ? '−' : '+';
    const offset = `UTC${sign}${String(Math.floor(Math.abs(january) / 60)).padStart(2, '0')}:${String(Math.abs(january) % 60).padStart(2, '0')}`;
    return { ok: false, message: `${name} is a fixed ${offset} offset with no daylight saving, not the time of a place; did you mean ${meant}? (for a fixed offset on purpose, write ${fixed})` };
  }
  return { ok: false, message: `${name} is an abbreviation, not a place, and its rules differ from the places it is named after in some years; name the place's zone: did you mean ${meant}?` };
}

function checkZoneOnce(name: string): ZoneCheck {
  if (ABBREVIATION_ZONES[name] !== undefined) return abbreviationProblem(name);
  if (IANAZone.isValidZone(name)) {
    // Intl accepts any case; calendar apps look TZIDs up case-sensitively.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
      return { ok: false, message: `unknown time zone "${name}"; zone names are case-sensitive: did you mean ${resolved}?` };
    }
    return { ok: true };
  }
  // No zone name is long: a long value is shown cut, and gets no suggestions (see closestNames).
  if (name.length > 64) return { ok: false, message: `unknown time zone "${name.slice(0, 40)}…" (${name.length.toLocaleString('en')} characters); use an IANA name like Europe/Brussels or America/New_York` };
  const suggestions = suggestZones(name);
  const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '; use an IANA name like Europe/Brussels or America/New_York';
  return { ok: false, message: `unknown time zone "${name}"${hint}` };
}

const utcZones = new Map<string, boolean>();

/**
 * UTC under any of its names (Etc/UTC, GMT, Zulu…): a series there is written in UTC times, with no TZID and
 * no VTIMEZONE (RFC 5545 has UTC times for it; the SPEC: never TZID=UTC). Remembered per name, as checkZone.
 */
export function isUtcZone(zone: string): boolean {
  let utc = utcZones.get(zone);
  if (utc === undefined) utcZones.set(zone, (utc = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === 'UTC'));
  return utc;
}

let zoneNames: string[] | undefined;

const AREAS = ['Africa', 'America', 'Antarctica', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific'];

function suggestZones(name: string): string[] {
  zoneNames ??= Intl.supportedValuesOf('timeZone');
  const city = (name.split('/').at(-1) ?? name).replace(/ /g, '_');
  const byCity = zoneNames.filter((zone) => (zone.split('/').at(-1) ?? '').toLowerCase() === city.toLowerCase());
  // The list above holds canonical names only (Europe/Kiev); a link such as Europe/Kyiv is valid too.
  const cased = city.toLowerCase().replace(/(^|[_/-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
  const byArea = name.includes('/') ? [] : AREAS.map((area) => `${area}/${cased}`).filter((zone) => IANAZone.isValidZone(zone));
  const byName = closestNames(name.replace(/ /g, '_'), zoneNames, 3);
  const byCityName = closestNames(city, zoneNames.map((zone) => zone.split('/').at(-1) ?? zone), 3).flatMap((c) =>
    zoneNames!.filter((zone) => zone.endsWith(`/${c}`)),
  );
  const byPlace = zonesOfPlace(city.replace(/_/g, ' '));
  // One name per zone: Europe/Kyiv, not also its older link Europe/Kiev.
  const canonical = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const seen = new Set<string>();
  return [...new Set([...byArea, ...byCity, ...byPlace, ...byName, ...byCityName])]
    .filter((zone) => !seen.has(canonical(zone)) && seen.add(canonical(zone)))
    .slice(0, 3);
}

interface Place {
  city: string;
  city_ascii: string;
  country: string;
  pop: number;
  timezone: string;
}

/** A name as compared: no accents, case or punctuation (`Zürich` = `zurich`, `Washington, D.C.` = `washington d c`). */
const plainName = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

let zonesByPlace: Map<string, string[]> | undefined;

/**
 * The zones of the cities (or countries) of that name, the most populous first: `Geneva` → Europe/Zurich,
 * `Washington` → America/New_York. From city-timezones (7,300 cities with their zones, from simplemaps'
 * world cities), loaded only here, for a name that is no zone; not bundled (1.9 MB of JSON).
 */
function zonesOfPlace(name: string): string[] {
  if (zonesByPlace === undefined) {
    zonesByPlace = new Map();
    const places = (createRequire(import.meta.url)('city-timezones') as { cityMapping: Place[] }).cityMapping;
    for (const place of [...places].sort((a, b) => b.pop - a.pop)) {
      if (!IANAZone.isValidZone(place.timezone)) continue;
      for (const key of new Set([place.city, place.city_ascii, place.city.split(',')[0]!, place.country].map(plainName))) {
        const zones = zonesByPlace.get(key) ?? [];
        if (!zones.includes(place.timezone)) zones.push(place.timezone);
        zonesByPlace.set(key, zones);
      }
    }
  }
  return (zonesByPlace.get(plainName(name)) ?? []).slice(0, 3);
}

/**
 * The UTC offset in minutes of `zone` at an instant. Away from a change of offset (two days or more,
 * years 1901 to 2099), from the changes found once per zone and year; near one, from luxon (Intl)
 * directly. Both give the same minutes; the first costs a lookup instead of a formatToParts (about
 * 17 µs, and thousands of events ask several times each).
 */
export function offsetMinutesAt(zone: string, epochMs: number): number {
  // UTC is never anything else, and asking Intl about it loads the zone data (about 10 ms of a small build).
  if (zone === 'UTC') return 0;
  return settledOffset(zone, epochMs) ?? intlOffsetMinutes(zone, epochMs);
}

/** luxon's offset, from Intl: the source of truth. */
export function intlOffsetMinutes(zone: string, epochMs: number): number {
  return IANAZone.create(zone).offset(epochMs);
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const SETTLED_MS = 2 * DAY_MS;

/** The offset at an instant at least two days from any change, or undefined. */
function settledOffset(zone: string, epochMs: number): number | undefined {
  const year = new Date(epochMs).getUTCFullYear();
  if (!(year >= 1901 && year <= 2099)) return undefined;
  for (const y of [year - 1, year + 1]) {
    for (const change of zoneYear(zone, y).changes) if (Math.abs(change.atMs - epochMs) < SETTLED_MS) return undefined;
  }
  const { startOffset, changes } = zoneYear(zone, year);
  if (Number.isNaN(startOffset)) return undefined;
  let offset = startOffset;
  for (const change of changes) {
    if (Math.abs(change.atMs - epochMs) < SETTLED_MS) return undefined;
    if (change.atMs <= epochMs) offset = change.toOffset;
  }
  return offset;
}

/**
 * The instant of a wall-clock time that lies two days or more from any change of offset (so it exists
 * once), or undefined. instantsOfWall gives the same single instant there: every offset it asks is this one.
 */
export function settledInstant(w: { year: number; month: number; day: number; hour: number; minute: number; second: number }, zone: string): number | undefined {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // Offsets are under a day, so the instant is within a day of `naive`: settled there, settled here.
  const offset = settledOffset(zone, naive);
  // Rounded as instantsOfWall rounds: offsets with seconds are fractions of a minute.
  return offset === undefined ? undefined : naive - Math.round(offset * 60_000);
}

export interface Transition {
  atMs: number;
  fromOffset: number;
  toOffset: number;
}

/** Every offset change of `zone` from the start of `fromYear` to the end of `toYear`. */
export function findTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const transitions: Transition[] = [];
  for (let year = fromYear; year <= toYear; year++) transitions.push(...transitionsInYear(zone, year));
  return transitions;
}

interface ZoneYear {
  /** The offset at 00:00 UTC on 1 January. */
  startOffset: number;
  changes: readonly Transition[];
}

const byZoneYear = new Map<string, ZoneYear>();

/**
 * The changes found by a day-by-day scan of one UTC year (its last step reaches 1 January of the next).
 * Days are whole multiples of DAY_MS from the epoch, so years scanned one by one take exactly the steps
 * of one long scan. Remembered per zone and year: every series in a zone scans the same years again.
 *
 * The days are looked at a week at a time, and one by one only in a week whose offset changed: the same
 * changes as a scan of every day, unless two changes less than a week apart cancel out. No zone has such
 * a pair between 1900 and 2100 (checked for every zone Node 20.20 knows, tzdata 2025c). An offset costs
 * luxon about 17 µs; a week at a time, a zone-year costs about 55 of them instead of 366.
 */
function transitionsInYear(zone: string, year: number): readonly Transition[] {
  return zoneYear(zone, year).changes;
}

function zoneYear(zone: string, year: number): ZoneYear {
  const key = `${zone} ${year}`;
  const known = byZoneYear.get(key);
  if (known) return known;
  if (Number.isNaN(intlOffsetMinutes(zone, Date.UTC(year, 0, 1)))) {
    // Not a zone luxon knows (callers check zones first): nothing to scan.
    const none = { startOffset: NaN, changes: [] };
    byZoneYear.set(key, none);
    return none;
  }
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let week = Date.UTC(year, 0, 1);
  let offset = intlOffsetMinutes(zone, week);
  while (week < end) {
    const weekEnd = Math.min(week + WEEK_MS, end);
    const weekEndOffset = intlOffsetMinutes(zone, weekEnd);
    if (weekEndOffset !== offset) {
      for (let t = week; t < weekEnd; t += DAY_MS) {
        const next = t + DAY_MS;
        const nextOffset = next === weekEnd ? weekEndOffset : intlOffsetMinutes(zone, next);
        if (nextOffset !== offset) {
          transitions.push({ atMs: findOffsetChange(zone, t, next), fromOffset: offset, toOffset: nextOffset });
          offset = nextOffset;
        }
      }
    }
    week = weekEnd;
  }
  const found = { startOffset: intlOffsetMinutes(zone, Date.UTC(year, 0, 1)), changes: transitions };
  byZoneYear.set(key, found);
  return found;
}

/**
 * The instant (to the second: offsets before about 1970 may have seconds) at which the offset of `zone`
 * changes between `fromMs` and `toMs`, found by bisection; the interval must hold exactly one change.
 */
export function findOffsetChange(zone: string, fromMs: number, toMs: number): number {
  const before = intlOffsetMinutes(zone, fromMs);
  let lo = fromMs;
  let hi = toMs;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (intlOffsetMinutes(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  // Zones change on a whole second, the first one after the last instant with the old offset.
  return Math.floor(lo / 1000) * 1000 + 1000;
}

/**
 * Every instant at which the zone's clocks show a wall time (given as the UTC milliseconds of the same
 * fields), earliest first: one, none when the clocks skip it (a gap) or two when they show it twice (an
 * overlap). Found from the offsets a day either side (no zone changes twice in two days), so the answer is
 * exact to the millisecond even for offsets with seconds (Africa/Monrovia until 1972), which luxon's
 * DateTime.fromObject gets wrong.
 */
export function instantsOfWall(zone: string, wallMs: number): number[] {
  const iana = IANAZone.create(zone);
  const offsetMs = (ms: number) => Math.round(iana.offset(ms) * 60_000);
  const candidates = new Set([-1, 0, 1].map((days) => wallMs - offsetMs(wallMs + days * DAY_MS)));
  return [...candidates].filter((ms) => ms + offsetMs(ms) === wallMs).sort((a, b) => a - b);
}

/**
 * The zone's usual abbreviation at an instant (EST, CET, AEDT), or "UTC+3" where none is in use.
 * ICU knows each abbreviation in some locales only (EST in en-US, CET in en-GB), so both are asked.
 */
export function zoneAbbreviation(zone: string, epochMs: number): string {
  for (const locale of ['en-US', 'en-GB', 'en-AU']) {
    const name = shortZoneNameFormat(locale, zone)
      .formatToParts(epochMs)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name === 'GMT' && zone !== 'Europe/London' && zone !== 'GMT' ? 'UTC' : name;
  }
  // Offsets with seconds (most zones before about 1920) come as fractions of a minute: UTC-3:30:52.
  const offset = offsetMinutesAt(zone, epochMs);
  const sign = offset < 0 ? '-' : '+';
  const seconds = Math.round(Math.abs(offset) * 60);
  const minutes = Math.floor(seconds / 60) % 60;
  const rest = seconds % 60 ? `:${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}` : minutes ? `:${String(minutes).padStart(2, '0')}` : '';
  return `UTC${sign}${Math.floor(seconds / 3600)}${rest}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl.DateTimeFormat costs about 50 µs; the agenda page asks once per event. */
function shortZoneNameFormat(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })));
  return format;
}

/**
 * The instant of a wall-clock time in a zone, as RFC 5545 §3.3.5 reads it: in a gap, the offset before
 * the gap (the time moves forward); when it occurs twice, the first of the two.
 */
export function wallToInstant(w: { year: number; month: number; day: number; hour: number; minute: number; second: number }, zone: string): number {
  // (luxon's fromObject below keeps its own reading of offsets with seconds: only whole minutes are taken.)
  const settled = settledInstant(w, zone);
  if (settled !== undefined && (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - settled) % 60_000 === 0) return settled;
  const local = DateTime.fromObject(w, { zone });
  const offsets = local.getPossibleOffsets();
  return offsets.length > 1 ? Math.min(...offsets.map((o) => o.toMillis())) : local.toMillis();
}

/** The wall-clock time of an instant in a zone. */
export function wallAt(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const d = DateTime.fromMillis(ms, { zone });
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second };
}
