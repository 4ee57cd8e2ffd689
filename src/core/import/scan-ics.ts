// iCalendar text → its components and content lines, each with the line of the file it starts on; or the
// first thing that makes it no iCalendar object, positioned. ical.js reads the values but gives no positions:
// these are for the messages of `calfeed import`, which name the line of each thing not carried over.

export interface ScannedLine {
  /** 1-based line of the file where the content line starts (before unfolding). */
  line: number;
  /** The property name, upper-case: `DTSTART`, `X-MICROSOFT-CDO-BUSYSTATUS`. */
  name: string;
}

export interface ScannedComponent {
  name: string;
  line: number;
  properties: ScannedLine[];
  components: ScannedComponent[];
}

export type ScanResult = { ok: true; calendar: ScannedComponent } | { ok: false; line: number; col: number; message: string };

/** RFC 5545 §3.1: name *(";" param) ":" value; a name is letters, digits and "-". */
const NAME = /^[A-Za-z0-9-]+(?=[;:])/;

export function scanIcs(text: string): ScanResult {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  // Unfolded content lines with the line each starts on.
  const lines: { line: number; text: string }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) lines[lines.length - 1]!.text += raw.slice(1);
    else if (raw.trim() !== '') lines.push({ line: i + 1, text: raw });
  });
  const first = lines[0];
  if (!first) return { ok: false, line: 1, col: 1, message: 'the file is empty; an iCalendar file starts with BEGIN:VCALENDAR' };
  if (first.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    return { ok: false, line: first.line, col: 1, message: `this is not an iCalendar file: it starts with ${JSON.stringify(shorten(first.text))}, and an iCalendar file (.ics) starts with BEGIN:VCALENDAR` };
  }
  const stack: ScannedComponent[] = [];
  let calendar: ScannedComponent | undefined;
  for (const { line, text: content } of lines) {
    const name = NAME.exec(content)?.[0].toUpperCase();
    if (name === undefined || !content.includes(':')) {
      return { ok: false, line, col: 1, message: `${JSON.stringify(shorten(content))} is not an iCalendar content line (NAME:value, or NAME;PARAMETER=…:value); is the file cut or mixed with other text?` };
    }
    if (calendar && stack.length === 0) {
      const second = name === 'BEGIN' && valueOf(content) === 'VCALENDAR';
      return { ok: false, line, col: 1, message: second ? 'a second calendar starts here; calfeed import reads one calendar per file: split the file' : 'this line comes after END:VCALENDAR, the end of the calendar' };
    }
    if (name === 'BEGIN') {
      const component: ScannedComponent = { name: valueOf(content), line, properties: [], components: [] };
      stack.at(-1)?.components.push(component);
      stack.push(component);
    } else if (name === 'END') {
      const open = stack.pop()!;
      if (valueOf(content) !== open.name) {
        return { ok: false, line, col: 1, message: `END:${valueOf(content)} closes BEGIN:${open.name} of line ${open.line}; the components are not nested properly` };
      }
      if (stack.length === 0) calendar = open;
    } else {
      stack.at(-1)!.properties.push({ line, name });
    }
  }
  if (!calendar) {
    const open = stack.at(-1)!;
    return { ok: false, line: open.line, col: 1, message: `BEGIN:${open.name} is never closed (no END:${open.name}); the file is cut short` };
  }
  return { ok: true, calendar };
}

const valueOf = (content: string) => content.slice(content.indexOf(':') + 1).trim().toUpperCase();

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
