// Generators shared by the property tests: zones (with their clock changes), wall-clock times near and far
// from those changes, and text from every script with the characters that break feeds and YAML.
import fc from 'fast-check';
import { transitionsOf, wallOfUtcMs, type Transition, type Wall } from './wall-clock-oracle.js';

/** Zones with unusual clocks: half-hour and 45-minute offsets and changes, negative DST, skipped days, LMT seconds. */
export const INTERESTING_ZONES = [
  'UTC',
  'Europe/Brussels',
  'America/New_York',
  'Australia/Lord_Howe', // half-hour change
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago', // changes at midnight
  'America/Havana', // changes at midnight
  'Asia/Tehran',
  'Africa/Casablanca', // DST suspended during Ramadan
  'Europe/Dublin', // "negative" DST in tzdata
  'Pacific/Apia', // skipped 2011-12-30
  'Africa/Monrovia', // -00:44:30 until 1972
  'Europe/Amsterdam', // +00:19:32 until 1937
  'Asia/Kolkata',
  'Antarctica/Troll', // +00 / +02
  'America/St_Johns',
  'Asia/Kathmandu',
  'Europe/Kiev', // a link, as users write it
];

const FROM_MS = Date.UTC(1900, 0, 1);
const TO_MS = Date.UTC(2040, 0, 1);
const transitionCache = new Map<string, Transition[]>();
const transitions = (zone: string) => {
  let found = transitionCache.get(zone);
  if (!found) {
    found = transitionsOf(zone, FROM_MS, TO_MS);
    transitionCache.set(zone, found);
  }
  return found;
};

/** Any wall-clock time from 1900 to 2999, to the minute and sometimes the second. */
export const anyWall = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2999, 11, 31, 23, 59, 59) / 1000 }),
    seconds: fc.boolean(),
  })
  .map(({ ms, seconds }) => {
    const wall = wallOfUtcMs(ms * 1000);
    return seconds ? wall : { ...wall, second: 0 };
  });

/** A wall-clock time within 90 minutes of one of the zone's clock changes: in the gap, the overlap or beside them. */
export const wallNearChange = (zone: string): fc.Arbitrary<Wall> => {
  const changes = transitions(zone);
  if (changes.length === 0) return anyWall;
  return fc.record({ index: fc.nat({ max: changes.length - 1 }), minutes: fc.integer({ min: -90, max: 90 }), second: fc.constantFrom(0, 0, 0, 30) }).map(({ index, minutes, second }) => {
    const change = changes[index]!;
    // The wall clock just before the change, moved by a few minutes.
    return { ...wallOfUtcMs(change.atMs + change.beforeMs + minutes * 60_000), second };
  });
};

export const zoneAndWall: fc.Arbitrary<{ zone: string; wall: Wall }> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING_ZONES).chain((zone) => wallNearChange(zone).map((wall) => ({ zone, wall }))) },
  { weight: 2, arbitrary: fc.record({ zone: fc.constantFrom(...Intl.supportedValuesOf('timeZone')), wall: anyWall }) },
);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const formatWallText = (w: Wall, separator = ' ') =>
  `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}${separator}${pad(w.hour)}:${pad(w.minute)}${w.second ? `:${pad(w.second)}` : ''}`;

/** Characters that break feeds, YAML or terminals, and text from many scripts. */
const SPECIAL_CHARACTERS = [
  '"', "'", '\\', ':', ': ', '#', ' #', '- ', '&', '*', '!', '|', '>', '%', '@', '`', ',', ';', '[', ']', '{', '}',
  '\t', '\n', '\r\n', '\r', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', '\u2028', '\u2029',
  '\ufeff', '\ufffe', '\uffff', '\ud800', '\udc00', '\u200b', '\u202e', ' ', '  ',
  'é', 'ß', 'Ж', 'ئ', 'עברית', '中文', '日本語', 'हिन्दी', 'ไทย', '한국어', 'ᚠ', '𝔘𝔫𝔦', '🎉', '👩‍👩‍👧', '🇺🇦', 'e\u0301',
];

/** Any title: random code points of every plane, special characters, or a mix. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL_CHARACTERS), maxLength: 12 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIAL_CHARACTERS), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 })), minLength: 1, maxLength: 12 }),
);
