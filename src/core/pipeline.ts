// The stages in order: bytes → text → YAML → validated → resolved → rendered site (path → text).
import { decodeSource } from './decode-source.js';
import { renderAgenda } from './html/render-agenda.js';
import { renderFeed, renderSingleEvent } from './ics/render-feed.js';
import { formatPath, type Problem } from './problem.js';
import { resolveCalendar, type ResolvedCalendar } from './resolve-calendar.js';
import { resolveEvents, type ResolvedEvent } from './resolve-events.js';
import { validateDocument } from './validate.js';
import { locateProblem, parseYamlSource, type YamlSource } from './yaml-source.js';

export interface Calendar {
  calendar: ResolvedCalendar;
  events: ResolvedEvent[];
}

export interface LocatedProblem extends Problem {
  line: number;
  col: number;
}

export type CalendarResult = { ok: true; value: Calendar } | { ok: false; problems: LocatedProblem[] };

/** Every problem in the file, or the calendar ready to render. */
export function parseCalendar(bytes: Uint8Array): CalendarResult {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { ok: false, problems: locateAll(decoded.problems, undefined, '') };
  const text = decoded.value;
  const parsed = parseYamlSource(text);
  if (!parsed.ok) return { ok: false, problems: locateAll(parsed.problems, undefined, text) };
  const source = parsed.value;

  const validated = validateDocument(source.data);
  const problems = [...validated.problems];
  let calendar: ResolvedCalendar | undefined;
  if (validated.calendar) {
    const resolved = resolveCalendar(validated.calendar);
    if (resolved.ok) calendar = resolved.calendar;
    else problems.push(...resolved.problems);
  }
  // Without a valid calendar block, still check each event's own times, in UTC unless it names a zone.
  const eventsToResolve = calendar ? validated.events : validated.events.filter(({ event }) => event.timezone !== undefined);
  const resolved = resolveEvents(eventsToResolve, calendar ?? fallbackCalendar);
  problems.push(...resolved.problems);

  if (problems.length > 0 || !calendar) return { ok: false, problems: locateAll(problems, source, text) };
  return { ok: true, value: { calendar, events: resolved.events } };
}

const fallbackCalendar: ResolvedCalendar = { name: '', timezone: 'UTC', domain: 'calfeed.invalid', refreshSeconds: 0 };

function locateAll(problems: readonly Problem[], source: YamlSource | undefined, text: string): LocatedProblem[] {
  return problems
    .map((p) => ({ ...p, ...locateProblem(p, source, text) }))
    .sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));
}

/** `events.yaml:14:12: error: events[2].start: …`, the form editors and CI annotate. */
export function formatProblem(fileName: string, p: LocatedProblem): string {
  const where = p.path.length ? `${formatPath(p.path)}: ` : '';
  return `${fileName}:${p.line}:${p.col}: error: ${where}${p.message}`;
}

/** Every output file, by path relative to the output folder. */
export type Site = Map<string, string>;

export function renderSite({ calendar, events }: Calendar, stampMs: number): Site {
  const site: Site = new Map();
  site.set('calendar.ics', renderFeed(calendar, events, stampMs));
  for (const event of events) site.set(`events/${event.id}.ics`, renderSingleEvent(event, stampMs));
  site.set('index.html', renderAgenda({ calendar, events }, stampMs));
  return site;
}
