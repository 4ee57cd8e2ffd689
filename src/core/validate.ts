// Parsed YAML data → the calendar and events as written, checked field by field; every problem, not the first.
import type { z } from 'zod';
import { problem, type PathSegment, type Problem } from './problem.js';
import { ID_PATTERN, writtenCalendarSchema, writtenEventSchema, type WrittenCalendar, type WrittenEvent } from './schema.js';
import { didYouMean } from './suggest.js';

export interface IndexedEvent {
  /** Position in the events list as written, for messages. */
  index: number;
  event: WrittenEvent;
}

export interface Validated {
  calendar: WrittenCalendar | undefined;
  /** The events whose structure is valid; the others are in `problems`. */
  events: IndexedEvent[];
  problems: Problem[];
}

/** A documented limit, well above any hand-edited calendar. */
export const MAX_EVENTS = 200_000;

export function validateDocument(data: unknown): Validated {
  const problems: Problem[] = [];
  if (!isPlainObject(data)) {
    problems.push(problem('not-a-mapping', [], 'the file must be a mapping with `calendar:` and `events:` keys; see the README for an example'));
    return { calendar: undefined, events: [], problems };
  }
  for (const key of Object.keys(data)) {
    if (key !== 'calendar' && key !== 'events') {
      problems.push(problem('unknown-key', [key], `unknown key \`${key}\`${didYouMean(key, ['calendar', 'events'])}`, { at: 'key' }));
    }
  }
  const calendar = validateCalendar(data.calendar, problems);
  const events = validateEvents(data.events, problems);
  return { calendar, events, problems };
}

function validateCalendar(value: unknown, problems: Problem[]): WrittenCalendar | undefined {
  if (value === undefined) {
    problems.push(problem('missing-field', [], '`calendar:` is missing; add it with at least a `name:`', { offset: 0 }));
    return undefined;
  }
  const parsed = checkShape(writtenCalendarSchema, value, ['calendar'], problems);
  if (!parsed) return undefined;
  checkText(parsed.name, ['calendar', 'name'], problems, { required: true });
  checkText(parsed.description, ['calendar', 'description'], problems);
  checkHttpUrl(parsed.url, ['calendar', 'url'], problems);
  checkDomain(parsed.domain, ['calendar', 'domain'], problems);
  return parsed;
}

function validateEvents(value: unknown, problems: Problem[]): IndexedEvent[] {
  if (value === undefined || value === null) {
    problems.push(problem('no-events', value === null ? ['events'] : [], '`events:` is missing or empty; add a list of events (each starting with `- id:`)', { offset: value === null ? undefined : 0 }));
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push(problem('wrong-type', ['events'], `\`events\` must be a list (each item starting with \`- \`), not ${describeValue(value)}`));
    return [];
  }
  if (value.length === 0) {
    problems.push(problem('no-events', ['events'], '`events:` is empty; add at least one event'));
    return [];
  }
  if (value.length > MAX_EVENTS) {
    problems.push(problem('too-large', ['events'], `${value.length} events is over calfeed's limit of ${MAX_EVENTS}; split the calendar`));
    return [];
  }
  const firstIndexOfId = new Map<string, number>();
  const valid: IndexedEvent[] = [];
  value.forEach((item: unknown, index) => {
    const path = ['events', index];
    const event = checkShape(writtenEventSchema, item, path, problems);
    if (!event) return;
    const seen = firstIndexOfId.get(event.id);
    if (seen !== undefined) {
      problems.push(problem('duplicate-id', [...path, 'id'], `id \`${event.id}\` is already used by events[${seen}]; every event needs its own id`));
    } else {
      firstIndexOfId.set(event.id, index);
    }
    checkText(event.title, [...path, 'title'], problems, { required: true });
    checkText(event.location, [...path, 'location'], problems);
    checkText(event.description, [...path, 'description'], problems);
    event.categories?.forEach((category, i) => checkText(category, [...path, 'categories', i], problems, { required: true }));
    checkHttpUrl(event.url, [...path, 'url'], problems);
    if (event.end !== undefined && event.duration !== undefined) {
      problems.push(problem('end-and-duration', [...path, 'duration'], 'give either `end` or `duration`, not both', { at: 'key' }));
    }
    // Pushed even with text problems: its times are still checked, so every problem shows at once.
    valid.push({ index, event });
  });
  return valid;
}

/** Run the zod schema; turn each issue into a problem worded for someone editing YAML. */
function checkShape<T>(schema: z.ZodType<T>, value: unknown, path: PathSegment[], problems: Problem[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  for (const issue of issues) problems.push(...describeIssue(issue, value, path));
  // Unknown keys alone leave the rest readable: check it too, so a typo does not hide a DST problem.
  if (issues.every((issue) => issue.code === 'unrecognized_keys')) {
    const retry = schema.safeParse(withoutKeys(value, issues));
    if (retry.success) return retry.data;
  }
  return undefined;
}

function withoutKeys(value: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(value);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const parent = valueAt(copy, issue.path.filter((s): s is PathSegment => typeof s !== 'symbol')) as Record<string, unknown>;
    for (const key of issue.keys) delete parent[key];
  }
  return copy;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, base: PathSegment[]): Problem[] {
  const relative = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const path = [...base, ...relative];
  const field = String(relative.at(-1) ?? base.at(-1) ?? '');
  const value = valueAt(root, relative);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(root, relative);
      return issue.keys.map((key) =>
        problem('unknown-key', [...path, key], `unknown key \`${key}\`${didYouMean(key, known)}`, { at: 'key' }),
      );
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [problem('missing-field', path.slice(0, -1), `\`${field}\` is missing; it is required`)];
      }
      const expected = issue.expected === 'int' ? 'a whole number' : expectedName(issue.expected);
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? `; put it in quotes if you mean the text "${String(value)}"` : '';
      return [problem('wrong-type', path, `\`${field}\` must be ${expected}, not ${describeValue(value)}${hint}`)];
    }
    case 'invalid_value':
      return [problem('bad-value', path, `\`${field}\` must be one of ${issue.values.map(String).join(', ')}, not ${describeValue(value)}`)];
    case 'invalid_format':
      if (field === 'id') {
        return [problem('bad-id', path, `id ${JSON.stringify(value)} is not a slug: use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit (like ${JSON.stringify(slugify(String(value)))})`)];
      }
      return [problem('bad-value', path, `\`${field}\` is not in the expected format`)];
    case 'too_small':
    case 'too_big':
      return [problem('bad-value', path, `\`${field}\` must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}, not ${describeValue(value)}`)];
    default:
      return [problem('bad-value', path, `\`${field}\`: ${issue.message}`)];
  }
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string': return 'text';
    case 'number': return 'a number';
    case 'array': return 'a list';
    case 'object': return 'a mapping (key: value lines)';
    default: return expected;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

/** The keys a mapping at this place in the file may have, for "did you mean". */
function knownKeys(root: unknown, path: readonly PathSegment[]): string[] {
  const at = path.join('.');
  if (at === 'geo') return ['lat', 'lon'];
  if (root && typeof root === 'object' && 'title' in root) return Object.keys(writtenEventSchema.shape);
  if (at === '' && root && typeof root === 'object' && ('start' in root || 'id' in root)) return Object.keys(writtenEventSchema.shape);
  return at === '' && Array.isArray((root as { events?: unknown })?.events) ? ['calendar', 'events'] : Object.keys(writtenCalendarSchema.shape).concat(Object.keys(writtenEventSchema.shape));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const slugify = (s: string) =>
  s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '') || 'event-1';

// Characters that would break a content line or show as garbage: C0 controls but tab and line feed,
// DEL, C1 controls, lone surrogates and the noncharacters U+FFFE/U+FFFF (RFC 5545 §3.1, CONTROL).
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

export function findForbiddenCharacter(text: string): { index: number; codePoint: number } | undefined {
  const match = FORBIDDEN_CHARACTER.exec(text.replace(/\r\n/g, '\n'));
  return match ? { index: match.index, codePoint: match[0].codePointAt(0)! } : undefined;
}

function checkText(value: string | undefined, path: PathSegment[], problems: Problem[], options: { required?: boolean } = {}): void {
  if (value === undefined) return;
  if (options.required && value.trim() === '') {
    problems.push(problem('bad-value', path, `\`${String(path.at(-1))}\` is empty; write some text`));
    return;
  }
  const bad = findForbiddenCharacter(value);
  if (bad) {
    const hex = bad.codePoint.toString(16).toUpperCase().padStart(4, '0');
    problems.push(problem('control-character', path, `contains the control character U+${hex} at character ${bad.index + 1}; remove it (line breaks and tabs are fine)`));
  }
}

function checkHttpUrl(value: string | undefined, path: PathSegment[], problems: Problem[]): void {
  if (value === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(value) || url.hostname === '') {
    problems.push(problem('bad-value', path, `${JSON.stringify(value)} is not an http(s) address; write it like https://example.org/page`));
  }
}

function checkDomain(value: string | undefined, path: PathSegment[], problems: Problem[]): void {
  if (value === undefined) return;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value) || value.length > 253) {
    problems.push(problem('bad-value', path, `${JSON.stringify(value)} is not a domain name; write it like talks.example.org`));
  }
}

export { ID_PATTERN };
