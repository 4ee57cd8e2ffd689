// Test helpers: inline YAML with the indentation of the test source removed, run through the pipeline.
import { parseCalendar, type CalendarResult } from '../../src/core/pipeline.js';

export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings.raw }, ...values).replace(/^\n/, '');
  const indents = text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return text.split('\n').map((l) => l.slice(cut)).join('\n');
}

export function parseYamlText(text: string): CalendarResult {
  return parseCalendar(new TextEncoder().encode(text));
}

/** A one-event calendar: `fields` are the event's lines, already indented as YAML under `- `. */
export function oneEvent(fields: string, calendarZone = 'Europe/Brussels'): string {
  const body = fields.trim().split('\n').map((l) => `    ${l.trim()}`).join('\n');
  return `calendar:\n  name: Test\n  timezone: ${calendarZone}\nevents:\n  - id: e1\n    title: T\n${body}\n`;
}

export function problemsOf(result: CalendarResult): string[] {
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.path.length ? `${p.path.join('.')}: ` : ''}${p.message}`);
}
