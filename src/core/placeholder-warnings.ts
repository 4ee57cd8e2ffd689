// Warnings, not errors: a calendar that still names a placeholder domain or address builds, but its
// subscribers would get UIDs and links that are not the publisher's.
import type { Calendar } from './pipeline.js';
import { DEFAULT_DOMAIN } from './resolve-calendar.js';
import { isContentLine, positionOf, splitLines } from './text-position.js';

export interface Warning {
  line: number;
  col: number;
  message: string;
}

/** Names reserved so that they are never anyone's (RFC 2606, RFC 6761): example.com/.net/.org and the .example, .invalid, .test and .localhost domains. */
export function isPlaceholderHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return /(^|\.)example\.(com|net|org)$/.test(name) || /(^|\.)(example|invalid|test|localhost)$/.test(name) || name === 'localhost';
}

/** The placeholders in the calendar block, positioned at their values (at the `calendar:` line for a missing domain). */
export function placeholderWarnings({ calendar, events }: Calendar, text: string): Warning[] {
  const at = calendarKeys(text);
  const warnings: Warning[] = [];
  const { domain, url } = calendar;
  if (isPlaceholderHost(domain)) {
    const written = at.get('domain');
    // Events that keep a `uid` of their own (imported ones) do not use the domain; one added later would.
    const using = events.filter((event) => event.uid.endsWith(`@${domain}`)).length;
    const whose = using === events.length ? "every event's UID ends" : using === 0 ? 'an event added without a `uid` would have a UID ending' : `${using} of the ${events.length} events' UIDs end`;
    warnings.push({
      ...(written ?? at.get('calendar') ?? { line: 1, col: 1 }),
      message:
        domain === DEFAULT_DOMAIN && written === undefined
          ? `calendar.domain is not set, so ${whose} in @${DEFAULT_DOMAIN}; add \`domain:\` with a domain you own before anyone subscribes, and keep it`
          : `calendar.domain: ${domain} is a placeholder (a name reserved for examples); put a domain you own before anyone subscribes, and keep it: ${whose} in @${domain}`,
    });
  }
  const host = url === undefined ? undefined : URL.canParse(url) ? new URL(url).hostname : undefined;
  if (url !== undefined && host !== undefined && isPlaceholderHost(host)) {
    warnings.push({
      ...(at.get('url') ?? at.get('calendar') ?? { line: 1, col: 1 }),
      message: `calendar.url: ${url} is a placeholder address; put the address public/calendar.ics will be published at (the page's subscribe links use it), or remove url`,
    });
  }
  return warnings;
}

/**
 * Where `calendar:` and its `domain:` and `url:` values are written, by a look at the lines of its block
 * (a calendar written in flow style, `calendar: {…}`, has only the `calendar:` line). Splits the lines of
 * that block only, so a large file costs little more.
 */
function calendarKeys(text: string): Map<string, { line: number; col: number }> {
  const found = new Map<string, { line: number; col: number }>();
  const start = /^calendar[ \t]*:/m.exec(text)?.index;
  if (start === undefined) return found;
  const secondLine = text.indexOf('\n', start) + 1;
  const next = secondLine === 0 ? -1 : text.slice(secondLine).search(/^[^\s#]/m);
  const block = text.slice(start, next === -1 ? undefined : secondLine + next);
  const firstLine = positionOf(start, text).line;
  found.set('calendar', { line: firstLine, col: 1 });
  for (const line of splitLines(block).slice(1)) {
    if (!isContentLine(line)) continue;
    const key = /^(\s+)(domain|url)(\s*:\s*)/.exec(line.text);
    if (key && !found.has(key[2]!)) found.set(key[2]!, { line: firstLine + line.number - 1, col: key[0].length + 1 });
  }
  return found;
}
