// The fast reader (js-yaml, core schema as yaml reads it) must give exactly the yaml package's data for
// every file it accepts, and accept no file that yaml rejects.
import fc from 'fast-check';
import { stringify, type DocumentOptions, type SchemaOptions, type ToStringOptions } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readYamlFast } from '../../src/core/yaml-fast.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';

function bothReaders(text: string): { fast: unknown; full: { ok: true; data: unknown } | { ok: false } } {
  const full = parseYamlSource(text);
  return { fast: readYamlFast(text), full: full.ok ? { ok: true, data: full.value.data } : { ok: false } };
}

function expectSameData(text: string): void {
  const { fast, full } = bothReaders(text);
  if (!full.ok) {
    expect(fast, `the fast reader accepted what yaml rejects:\n${text}`).toBeUndefined();
    return;
  }
  if (fast !== undefined) expect((fast as { data: unknown }).data, text).toEqual(full.data);
}

const SNIPPETS = [
  'a: 1\nb: 0o17\nc: 0x1F\nd: +12\ne: -0\nf: 1e3\ng: .5\nh: 1.\ni: .inf\nj: -.Inf\nk: .nan\nl: 1_000\nm: 0b11\nn: 010\n',
  'a: true\nb: True\nc: TRUE\nd: yes\ne: no\nf: on\ng: off\nh: y\ni: n\nj: ~\nk: null\nl: Null\nm: NULL\nn:\n',
  't: 2022-01-10\nu: 2022-01-10 08:55\nv: 2022-01-10T08:55:00Z\nw: 12:30\nx: 1:20:30\n',
  'd: |\n  line one\n    more indented\n\n  after blank\n',
  'd: >\n  folded one\n  folded two\n\n  paragraph\n    indented kept\n  back\n',
  'd: >-\n  stripped\n\n\ne: |+\n  kept\n\n\nf: |2\n    leading spaces\n',
  'd: "esc \\t \\n \\" \\\\ \\u00e9 \\x41 \\U0001F600 \\\n  continued"\n',
  "d: 'single ''quoted''\n  two lines'\n",
  'd: plain text\n  continued on\n\n  a new line\n',
  'l: [a, "b, c", {x: 1}, [2]]\nm: { lat: 46.2, lon: -6.1 }\n',
  'a: x # comment\n# full line\nb: "y" # c\n',
  'a: "x"#not a comment\n',
  'a: 1\na: 2\n',
  'a:\n\t- b\n',
  'a: [1, 2\n',
  'a: "open\n',
  'key: value: other\n',
  '- a\nb: c\n',
  '---\na: 1\n---\nb: 2\n',
  'a: 1\r\nb: |\r\n  x\r\n  y\r\n',
  'a: b\n  c: d\n',
  '"a": 1\n? b\n: 2\n',
  'a: -\nb: - x\n',
  'a: ":"\nb: "#"\nc: a#b\nd: a :b\n',
  'title: Q&A * R&D ! 5 *3\n',
  'x: &a 1\ny: *a\n',
  'x: !!str 1\n',
  '%YAML 1.1\n---\na: yes\n',
  '\ufeffa: 1\n',
  'a: "\\N\\_\\L\\P\\0\\a\\e"\n',
  'a:    spaced    \nb:\ttabbed\n',
  '  a: 1\n  b: 2\n',
  'a:\n- 1\n- 2\n',
  'a: [\n  1,\n  2,\n]\n',
  'a: {b: [c, d], e: f}\n',
  'geo: { lat: 1.5, : 2 }\nl: [: p, q]\n',
  'a: >\n\n  leading blank\n',
  'a: |\n\n\n',
  'a: "multi\n\n  line"\n',
  'a: 9007199254740993\nb: 1e400\nc: -1e-400\n',
  // Found by the random edits below: a quote inside a plain flow item.
  'a: [p "q,: r"]\n',
  "a: [p 'q, r']\n",
  'a: ["q" p, r]\n',
];

describe('the fast YAML reader', () => {
  it.each(SNIPPETS.map((s) => [JSON.stringify(s).slice(0, 60), s]))('reads %s as yaml does, or leaves it', (_, text) => {
    expectSameData(text);
  });

  it('reads calendars written in every scalar style as yaml does (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('yes', 'no', '~', 'null', '1', '0o7', '0x1f', '1e3', '.5', '2022-01-10 08:55', 'a: b', '- x', '#c', '"q"', "'s'", ' lead', 'trail ', 'a\nb', 'a\n\nb', '\n', '', '  \n x'),
    );
    const event = fc.record(
      { id: fc.string({ maxLength: 10 }), title: text, description: text, categories: fc.array(text, { maxLength: 3 }), geo: fc.record({ lat: fc.double({ noNaN: true }), lon: fc.integer() }), sequence: fc.integer(), flag: fc.boolean(), none: fc.constant(null) },
      { requiredKeys: ['id', 'title'] },
    );
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN'),
      lineWidth: fc.constantFrom(0, 20, 80),
      minContentWidth: fc.constantFrom(0, 10),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
      flowCollectionPadding: fc.boolean(),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
    });
    fc.assert(
      fc.property(fc.record({ calendar: fc.record({ name: text }), events: fc.array(event, { maxLength: 4 }) }), options, (data, opts) => {
        const yamlText = stringify(data, opts as DocumentOptions & SchemaOptions & ToStringOptions);
        expectSameData(yamlText);
        // Line ends as Windows editors write them.
        expectSameData(yamlText.replace(/\n/g, '\r\n'));
      }),
      { numRuns: 150 },
    );
  });

  it('accepts no file that yaml rejects: random edits of a valid file (property)', () => {
    const base = 'calendar:\n  name: "A: b"\nevents:\n  - id: a\n    title: x # c\n    categories: [p, "q, r"]\n    description: |\n      one\n        two\n    geo: { lat: 1.5, lon: 2 }\n';
    const edit = fc.record({ at: fc.nat({ max: base.length }), cut: fc.nat({ max: 3 }), insert: fc.constantFrom('', ' ', '\t', '\n', ':', '- ', '"', "'", '[', ']', '{', '}', ',', '#', '|', '>', '?', '  ', '\n  ', '%', '@', '`') });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.cut);
        expectSameData(text);
      }),
      { numRuns: Number(process.env.FAST_READER_RUNS ?? 1500) },
    );
  });
});
