// Parsed YAML data → the calendar and events as written, checked field by field; every problem, not the first.
import { stringify } from 'yaml';
import { z } from 'zod';
import { problem, type PathSegment, type Problem } from './problem.js';
import { FEEDS_BY_CATEGORY, MAX_ID_LENGTH, MAX_UID_LENGTH, writtenCalendarSchema, writtenEventSchema, type WrittenCalendar, type WrittenEvent, type WrittenFeed } from './schema.js';
import { didYouMean } from './suggest.js';

export interface IndexedEvent {
  /** Position in the events list as written, for messages. */
  index: number;
  event: WrittenEvent;
}

/** The time fields of an event that has problems elsewhere: still checked, so no problem hides another. */
export interface IndexedTimes {
  index: number;
  times: Pick<WrittenEvent, 'start' | 'end' | 'duration' | 'timezone' | 'rrule' | 'exdates'>;
}

export interface Validated {
  /** The calendar's fields that could be read (all of them when it is valid); undefined without a calendar block. */
  calendar: Partial<WrittenCalendar> | undefined;
  /** The events whose structure is valid; the others are in `problems`. */
  events: IndexedEvent[];
  /** Events with structural problems whose times can still be checked. */
  otherTimes: IndexedTimes[];
  problems: Problem[];
}

/** A documented limit, far above any hand-edited calendar (each event also becomes a file of its own). */
export const MAX_EVENTS = 200_000;

const TOP_LEVEL_KEYS = ['calendar', 'events', 'include'];

/**
 * `known(index)`: the item was checked by an earlier build, exactly as it is now, and found valid (an
 * EventMemo says so): only its id is looked at, for ids written twice.
 */
export function validateDocument(data: unknown, known?: (index: number) => boolean): Validated {
  const problems: Problem[] = [];
  if (!isPlainObject(data)) {
    problems.push(problem('not-a-mapping', [], `the file must be a mapping with \`calendar:\` and \`events:\` keys, not ${describeValue(data)}; see the README for an example`));
    return { calendar: undefined, events: [], otherTimes: [], problems };
  }
  const misspelt = new Set<string>();
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const hint = didYouMean(key, TOP_LEVEL_KEYS);
      problems.push(problem('unknown-key', [key], `unknown key \`${key}\`${hint || '; the file has the keys `calendar`, `events` and `include`'}`, { at: 'key' }));
      for (const known of TOP_LEVEL_KEYS) if (hint.includes(`\`${known}\``)) misspelt.add(known);
    }
  }
  checkIncludeList(data.include, problems);
  // A misspelt `calendar:` is reported once, as the unknown key, not again as a missing one.
  const calendar = validateCalendar(data.calendar, problems, misspelt.has('calendar'));
  const { events, otherTimes } = validateEvents(data.events, problems, misspelt.has('events'), known);
  return { calendar, events, otherTimes, problems };
}

/** The most files and folders `include:` may name (each folder may hold any number of files). */
export const MAX_INCLUDED = 1000;

/** `include:` is a list of paths, relative to the file (whether each exists is the reader's to say: load-calendar.ts). */
function checkIncludeList(value: unknown, problems: Problem[]): void {
  if (value === undefined) return;
  const example = '; write it like `include: [events/]` (a folder: every .yaml file in it) or `include: [events/2022.yaml]`';
  if (!Array.isArray(value)) {
    problems.push(problem('wrong-type', ['include'], `\`include\` must be a list of files or folders, not ${describeValue(value)}${example}`));
    return;
  }
  if (value.length > MAX_INCLUDED) {
    problems.push(problem('too-large', ['include'], `${value.length.toLocaleString('en')} paths is over calfeed's limit of ${MAX_INCLUDED}; name folders instead of files`));
    return;
  }
  value.forEach((path, i) => {
    if (typeof path !== 'string' || path.trim() === '') problems.push(problem('wrong-type', ['include', i], `each item of \`include\` is a file or folder, not ${describeValue(path)}${example}`));
    else if (path.length > 1024 || findForbiddenCharacter(path)) problems.push(problem('bad-value', ['include', i], `${JSON.stringify(path.slice(0, 80))} is not a path calfeed reads${example}`));
  });
}

/** The calendar block; its problems go to `problems` (`misspelt`: the key was misspelt, already reported). */
export function validateCalendar(value: unknown, problems: Problem[], misspelt: boolean): Partial<WrittenCalendar> | undefined {
  if (value === undefined) {
    if (!misspelt) problems.push(problem('missing-field', [], '`calendar:` is missing; add it with at least a `name:` (see the README)', { offset: 0 }));
    return undefined;
  }
  const { partial } = checkShape(writtenCalendarSchema, value, ['calendar'], problems);
  if (!partial) return undefined;
  checkText(partial.name, ['calendar', 'name'], problems, { required: true });
  checkText(partial.description, ['calendar', 'description'], problems);
  checkHttpUrl(partial.url, ['calendar', 'url'], problems);
  checkDomain(partial.domain, ['calendar', 'domain'], problems);
  const feeds = partial.feeds;
  if (Array.isArray(feeds)) feeds.forEach((feed, i) => checkFeed(feed, ['calendar', 'feeds', i], problems, feeds.findIndex((f) => f.id === feed.id)));
  return partial;
}

/** A feed's texts and id (its structure is the schema's; its categories are checked against the events in resolve-feeds.ts). `firstWithId`: the first feed with its id. */
function checkFeed(feed: WrittenFeed, path: PathSegment[], problems: Problem[], firstWithId: number): void {
  const device = windowsDeviceName(feed.id);
  if (device) problems.push(problem('bad-id', [...path, 'id'], `\`${device}\` names a device on Windows, where the feed's file, feeds/${feed.id}.ics, cannot be created; choose another id, like \`${device}-1\``));
  if (firstWithId !== path.at(-1)) {
    problems.push(problem('duplicate-id', [...path, 'id'], `feed id \`${feed.id}\` is already used by calendar.feeds[${firstWithId}]; give each feed an id of its own`));
  }
  checkText(feed.name, [...path, 'name'], problems, { required: true });
  checkText(feed.description, [...path, 'description'], problems);
  feed.categories.forEach((category, j) => checkText(category, [...path, 'categories', j], problems, { required: true }));
}

/** The events list, item by item; its problems go to `problems`. */
function validateEvents(value: unknown, problems: Problem[], misspelt: boolean, known: (index: number) => boolean = () => false): Pick<Validated, 'events' | 'otherTimes'> {
  const none = { events: [], otherTimes: [] };
  if (value === undefined) {
    if (!misspelt) problems.push(problem('no-events', [], '`events:` is missing; add an `events:` list with at least one event (each starting with `- id:`)', { offset: 0 }));
    return none;
  }
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    problems.push(problem('no-events', ['events'], 'the list of events is empty; add at least one event (each starting with `- id:`)'));
    return none;
  }
  if (!Array.isArray(value)) {
    // `-id: a` is valid YAML: a mapping with the key "-id".
    const dashed = isPlainObject(value) ? Object.keys(value).find((key) => /^-[^\s-]/.test(key)) : undefined;
    const hint = dashed ? `; \`${dashed}\` needs a space after the dash: \`- ${dashed.slice(1)}\`` : '; write each event as an item starting with `- id:`';
    problems.push(problem('wrong-type', ['events'], `\`events\` must be a list (each item starting with \`- \`), not ${describeValue(value)}${hint}`));
    return none;
  }
  if (value.length > MAX_EVENTS) {
    problems.push(problem('too-large', ['events'], `${value.length.toLocaleString('en')} events is over calfeed's limit of ${MAX_EVENTS.toLocaleString('en')} for one calendar; publish them as several calendars`));
    return none;
  }
  const firstIndexOfId = new Map<string, number>();
  const events: IndexedEvent[] = [];
  const otherTimes: IndexedTimes[] = [];
  value.forEach((item: unknown, index) => {
    const path = ['events', index];
    const { value: event, partial } = known(index) ? { value: undefined, partial: { id: (item as WrittenEvent).id } } : checkShape(writtenEventSchema, item, path, problems);
    if (!partial) return;
    if (partial.id !== undefined) {
      const device = windowsDeviceName(partial.id);
      if (device) problems.push(problem('bad-id', [...path, 'id'], `\`${device}\` names a device on Windows, where the event's file, events/${partial.id}.ics, cannot be created; choose another id, like \`${device}-1\``));
      const seen = firstIndexOfId.get(partial.id);
      if (seen !== undefined) {
        problems.push(problem('duplicate-id', [...path, 'id'], `id \`${partial.id}\` is already used by events[${seen}]; give each event an id of its own`));
      } else {
        firstIndexOfId.set(partial.id, index);
      }
    }
    if (known(index)) return;
    checkUid(partial.uid, [...path, 'uid'], problems);
    checkText(partial.title, [...path, 'title'], problems, { required: true });
    checkText(partial.location, [...path, 'location'], problems);
    checkText(partial.description, [...path, 'description'], problems);
    partial.categories?.forEach((category, i) => checkText(category, [...path, 'categories', i], problems, { required: true }));
    checkHttpUrl(partial.url, [...path, 'url'], problems);
    if (partial.end !== undefined && partial.duration !== undefined) {
      problems.push(problem('end-and-duration', [...path, 'duration'], 'give either `end` or `duration`, not both; remove one of them', { at: 'key' }));
    }
    // Pushed even with text problems: its times are still checked, so every problem shows at once.
    if (event) events.push({ index, event });
    else if (partial.start !== undefined) {
      const { start, end, duration, timezone, rrule, exdates } = partial;
      otherTimes.push({ index, times: { start, end, duration, timezone, rrule, exdates } });
    }
  });
  return { events, otherTimes };
}

/**
 * The device names Windows reserves for a file name, whatever follows its first dot (`con.ics`,
 * `aux.2022.ics`): calfeed publishes from any OS, and a folder with such a file cannot be copied to Windows.
 */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

export const windowsDeviceName = (id: string): string | undefined => {
  const base = id.split('.')[0]!;
  return WINDOWS_DEVICES.test(base) ? base : undefined;
};

interface Shape<T> {
  /** The whole value, when valid apart from unknown keys. */
  value: T | undefined;
  /** The fields that are valid, for the checks that need only them; undefined when the value is not a mapping. */
  partial: Partial<T> | undefined;
}

/** Run the zod schema; turn each issue into a problem worded for someone editing YAML. */
function checkShape<S extends z.ZodObject>(schema: S, value: unknown, path: PathSegment[], problems: Problem[]): Shape<z.infer<S>> {
  type T = z.infer<S>;
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data as T, partial: result.data as T };
  const issues = result.error.issues;
  for (const issue of issues) problems.push(...describeIssue(issue, value, path, schema));
  if (!isPlainObject(value)) return { value: undefined, partial: undefined };
  // Drop the fields with problems (and unknown keys); what is left is still checked, so a typo does not hide a DST problem.
  const rest: Record<string, unknown> = { ...value };
  for (const issue of issues) {
    const top = issue.path[0];
    if (typeof top === 'string') delete rest[top];
    else if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const key of issue.keys) delete rest[key];
  }
  const partial = schema.partial().safeParse(rest);
  if (!partial.success) return { value: undefined, partial: undefined };
  const whole = issues.every((issue) => issue.code === 'unrecognized_keys') ? schema.safeParse(rest) : undefined;
  return { value: whole?.success ? (whole.data as T) : undefined, partial: partial.data as Partial<T> };
}

const REQUIRED = new Set(['id', 'title', 'start', 'name']);

function describeIssue(issue: z.core.$ZodIssue, root: unknown, base: PathSegment[], schema: z.ZodObject): Problem[] {
  const relative = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
  const path = [...base, ...relative];
  const value = valueAt(root, relative);
  const subject = subjectOf(base, relative);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, relative);
      return issue.keys.map((key) => {
        const hint =
          key === '<<'
            ? '; merge keys (`<<: *name`) are a YAML 1.1 feature calfeed does not read: write the fields out'
            : didYouMean(key, known) || `; the keys of ${subject} are ${known.join(', ')}`;
        return problem('unknown-key', [...path, key], `unknown key \`${key}\`${hint}`, { at: 'key' });
      });
    }
    case 'invalid_type': {
      const field = String(relative.at(-1) ?? '');
      if (value === undefined) {
        const owner = relative.at(-2);
        const where =
          base[0] === 'calendar' && relative.length === 1
            ? 'under `calendar:`'
            : relative.length === 1
              ? 'to this event'
              : typeof owner === 'number'
                ? `to item ${owner + 1} of \`${String(relative.at(-3))}\``
                : `to \`${String(owner)}\``;
        return [problem('missing-field', path.slice(0, -1), `\`${field}\` is missing; add \`${field}: …\` ${where}`)];
      }
      if (value === null) return [problem('wrong-type', path, emptyMessage(base, relative, subject))];
      if (relative.length === 0 && base[0] === 'events') {
        return [problem('wrong-type', path, `an event must be a mapping of \`key: value\` lines, not ${describeValue(value)}; write it as \`- id: …\` with \`title: …\` and \`start: …\` below it`)];
      }
      const expected = issue.expected === 'int' ? 'a whole number' : expectedName(issue.expected);
      if ((field === 'start' || field === 'end') && typeof value === 'number') {
        return [problem('wrong-type', path, `${subject} must be a date or time, not the number ${value}; write it like \`${field}: 2022-01-10\` or \`${field}: 2022-01-10 08:55\``)];
      }
      const hint =
        issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
          ? `; put it in quotes if you mean the text "${String(value)}"`
          : issue.expected === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
            ? '; write it without quotes'
            : exampleHint(schema, relative);
      return [problem('wrong-type', path, `${subject} must be ${expected}, not ${describeValue(value)}${hint}`)];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const choices = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
      const hint = typeof value === 'string' ? didYouMean(value, values) : '';
      return [problem('bad-value', path, hint ? `${subject} cannot be ${describeValue(value)}, only ${choices}${hint}` : `${subject} cannot be ${describeValue(value)}; write ${choices}`)];
    }
    case 'invalid_format':
      if (relative.at(-1) === 'id') {
        return [problem('bad-id', path, `id ${JSON.stringify(value)} is not a slug; use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, like ${JSON.stringify(slugify(String(value)))}`)];
      }
      return [problem('bad-value', path, `${subject} is not in the expected format${exampleHint(schema, relative) || '; see events.schema.json for the format'}`)];
    case 'too_small':
    case 'too_big':
      if (issue.code === 'too_big' && relative.at(-1) === 'uid' && typeof value === 'string') {
        return [problem('bad-value', path, `the uid is ${value.length} characters long, over calfeed's limit of ${MAX_UID_LENGTH}; shorten it (subscribers then see the event once more, under the new UID), or remove it to publish the event as \`<id>@<domain>\``)];
      }
      if (issue.code === 'too_big' && relative.at(-1) === 'id' && typeof value === 'string') {
        const file = base[0] === 'calendar' ? "the feed's file, feeds/<id>.ics" : "the event's file, events/<id>.ics";
        return [problem('bad-id', path, `the id is ${value.length} characters long, over calfeed's limit of ${MAX_ID_LENGTH}: it names ${file}, which every file system must take; shorten it`)];
      }
      if (issue.origin === 'array' && Array.isArray(value)) {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        const items = (n: number | bigint) => `${String(n)} ${n === 1 ? 'item' : 'items'}`;
        return [problem('bad-value', path, `${subject} must list ${bound} ${Number(issue.code === 'too_small' ? issue.minimum : issue.maximum) === 1 ? 'item' : 'items'}, not ${value.length === 0 ? 'none' : items(value.length)}${exampleHint(schema, relative)}`)];
      }
      return [problem('bad-value', path, `${subject} must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}, not ${describeValue(value)}${exampleHint(schema, relative)}`)];
    case 'invalid_union':
      if (base[0] === 'calendar' && relative.length === 1 && relative[0] === 'feeds') {
        // A list: what is wrong with it as a list of feeds (the other branch, `by-category`, is no list).
        const asList = Array.isArray(value) ? issue.errors.find((branch) => !branch.some((sub) => sub.code === 'invalid_value' && sub.path.length === 0)) : undefined;
        if (asList) return asList.flatMap((sub) => describeIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue, root, base, schema));
        const hint = typeof value === 'string' ? didYouMean(value, [FEEDS_BY_CATEGORY]) : '';
        return [
          problem(
            'wrong-type',
            path,
            `\`feeds\` is \`${FEEDS_BY_CATEGORY}\` (one feed per category) or a list of feeds, not ${describeValue(value)}${hint || `; write it like \`feeds: ${FEEDS_BY_CATEGORY}\` or \`feeds: [{ id: nato, categories: [NATO] }]\``}`,
          ),
        ];
      }
      return [problem('bad-value', path, `${subject}: ${issue.message}${exampleHint(schema, relative) || '; see events.schema.json for the format'}`)];
    default:
      return [problem('bad-value', path, `${subject}: ${issue.message}${exampleHint(schema, relative) || '; see events.schema.json for the format'}`)];
  }
}

/** How a message names the place: `title`, item 3 of `categories`, this event, `calendar`. */
function subjectOf(base: readonly PathSegment[], relative: readonly PathSegment[]): string {
  const last = relative.at(-1);
  if (last === undefined) return base[0] === 'events' ? 'this event' : `\`${String(base.at(-1))}\``;
  if (typeof last === 'number') return `item ${last + 1} of \`${String(relative.at(-2))}\``;
  return `\`${last}\``;
}

function emptyMessage(base: readonly PathSegment[], relative: readonly PathSegment[], subject: string): string {
  const last = relative.at(-1);
  if (last === undefined) {
    return base[0] === 'events' ? 'this event is empty; write its `id:`, `title:` and `start:` under the `-`, or remove the `-`' : `${subject} is empty; write its fields under it, starting with \`name:\``;
  }
  if (typeof last === 'number') return `${subject} is empty; write a value after the \`-\`, or remove the \`-\``;
  return REQUIRED.has(last) && relative.length === 1
    ? `${subject} is empty; write it after \`${last}:\` (it is required)`
    : `${subject} is empty; write a value after \`${last}:\`, or remove the line`;
}

/** The schema at a place in the value, optional wrappers removed. */
function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  const unwrap = (node: z.ZodType) => (node instanceof z.ZodOptional ? (node.unwrap() as z.ZodType) : node);
  let node: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    // A union (`feeds`: by-category or a list): the option the segment can go into.
    if (node instanceof z.ZodUnion) node = (node.options as z.ZodType[]).find((option) => (typeof segment === 'number' ? option instanceof z.ZodArray : option instanceof z.ZodObject));
    if (node instanceof z.ZodObject && typeof segment === 'string') node = node.shape[segment] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray && typeof segment === 'number') node = node.element as z.ZodType;
    else return undefined;
    if (!node) return undefined;
    node = unwrap(node);
  }
  return node;
}

/** The keys a mapping at this place of the schema may have, for "did you mean". */
function knownKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const node = schemaAt(schema, path);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/** "; write it like `title: US–Russia Strategic Stability Dialogue`", from the example the JSON Schema shows too. */
function exampleHint(schema: z.ZodType, path: readonly PathSegment[]): string {
  // A list item is shown with its list: `categories: [ US, Russia ]`.
  let keyAt = path.length - 1;
  while (keyAt >= 0 && typeof path[keyAt] !== 'string') keyAt--;
  if (keyAt === -1) return '';
  const example = (schemaAt(schema, path.slice(0, keyAt + 1))?.meta()?.examples as unknown[] | undefined)?.[0];
  if (example === undefined) return '';
  return `; write it like \`${String(path[keyAt])}: ${stringify(example, { collectionStyle: 'flow' }).trim()}\``;
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

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
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
  const last = path.at(-1);
  const subject = typeof last === 'number' ? `item ${last + 1} of \`${String(path.at(-2))}\`` : `\`${String(last)}\``;
  if (options.required && value.trim() === '') {
    problems.push(problem('bad-value', path, `${subject} is blank; write some text`));
    return;
  }
  const bad = findForbiddenCharacter(value);
  if (bad) {
    const hex = bad.codePoint.toString(16).toUpperCase().padStart(4, '0');
    problems.push(problem('control-character', path, `${subject} contains the control character U+${hex} at character ${bad.index + 1}, which would break the feed; remove it (line breaks and tabs are fine)`));
  }
}

/**
 * A UID is any TEXT to RFC 5545 (§3.8.4.7); here it must also be one line with visible text around it: a
 * line break or tab would be escaped in the feed and read back differently by some apps, and spaces at its
 * ends are invisible in the file. Uniqueness is checked with the published events (resolve-events.ts).
 */
function checkUid(value: string | undefined, path: PathSegment[], problems: Problem[]): void {
  if (value === undefined) return;
  if (value.trim() === '') {
    problems.push(problem('bad-value', path, '`uid` is blank; write the UID, or remove the line to publish the event as `<id>@<domain>`'));
    return;
  }
  const bad = /[\u0000-\u001f\u007f-\u009f]/.exec(value) ?? findForbiddenCharacter(value);
  if (bad) {
    const codePoint = 'codePoint' in bad ? bad.codePoint : bad[0].codePointAt(0)!;
    problems.push(problem('control-character', path, `\`uid\` contains the control character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at character ${bad.index + 1}; a UID is one line of text: remove it`));
  } else if (value.trim() !== value) {
    problems.push(problem('bad-value', path, '`uid` starts or ends with a space, which no one sees in the file; remove it'));
  }
}

function checkHttpUrl(value: string | undefined, path: PathSegment[], problems: Problem[]): void {
  if (value === undefined) return;
  if (isHttpUrl(value)) return;
  const guess = !/^[a-z][a-z0-9+.-]*:/i.test(value) && isHttpUrl(`https://${value}`) && value.includes('.') ? `; did you mean https://${value}?` : '; write it like https://example.org/page';
  problems.push(problem('bad-value', path, `${JSON.stringify(value)} is not an http(s) address${guess}`));
}

/** An http(s) address with a host and no spaces: what `url` fields take (and what import carries over). */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value) || /\s/.test(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function checkDomain(value: string | undefined, path: PathSegment[], problems: Problem[]): void {
  if (value === undefined) return;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value) || value.length > 253) {
    problems.push(problem('bad-value', path, `${JSON.stringify(value)} is not a domain name; write it like talks.example.org`));
  }
}

