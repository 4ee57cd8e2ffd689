// YAML text → document: syntax errors in plain words at the mistake, and the checks made before the data is built.
import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_VALUES, MAX_DEPTH, parseYamlSource } from '../../src/core/yaml-source.js';
import { positionOf } from '../../src/core/text-position.js';
import { dedent, parseYamlText } from '../helpers/yaml.js';

/** `line:col [code] message` for each problem, fatal or not. */
function problemsIn(text: string): string[] {
  const result = parseYamlSource(text);
  const problems = result.ok ? result.value.problems : result.problems;
  return problems.map((p) => {
    const { line, col } = positionOf(p.offset ?? 0, text);
    return `${line}:${col} [${p.code}] ${p.message}`;
  });
}

describe('YAML syntax errors', () => {
  it('an unclosed quote is reported where it opens, not at the end of the file', () => {
    const text = dedent`
      events:
        - id: a
          title: 'NATO
          start: 2022-01-12
    `;
    expect(problemsIn(text)).toEqual(["3:12 [yaml-syntax] the single quote ' that opens this value is never closed; end the value with '"]);
  });

  it('a line indented like no block above it names the lines around it', () => {
    expect(problemsIn('calendar:\n  name: X\n events:\n')).toEqual([
      '3:2 [yaml-syntax] `events` is indented 1 space, which lines up with no line above it (`name` on line 2 has 2, `calendar` on line 1 has 0); indent it exactly like the keys it belongs with',
    ]);
  });

  it('a key of a list item lined up with its dash is told the column of the other keys', () => {
    expect(problemsIn('events:\n  - id: a\n  title: A\n')).toEqual([
      '3:3 [yaml-syntax] `title` lines up with the `-` on line 2, not with the keys of that item; indent it 4 spaces, like `id`',
    ]);
  });

  it('a missing space after a dash or a colon, and a colon inside a value, each say what to write', () => {
    expect(problemsIn('events:\n  -id: a\n    title: A\n')).toEqual(['2:3 [yaml-syntax] `-id: a` needs a space after the `-`; write `- id: a`']);
    expect(problemsIn('events:\n  - id: a\n    title: Talks: round 2\n')[0]).toBe(
      '3:12 [yaml-syntax] the value of `title` contains ": ", which YAML reads as another key; put the value in quotes: title: "Talks: round 2"',
    );
  });

  it('reports one problem per line, not the cascade that follows a tab', () => {
    expect(problemsIn('events:\n  - id: a\n\ttitle: A\n    start: 2022-01-12\n')).toEqual([
      '3:1 [yaml-syntax] a tab is used for indentation; indent with spaces only (YAML does not allow tabs there)',
    ]);
  });

  it('an unknown escape, a reserved first character and a second document are explained', () => {
    expect(problemsIn('a: "x\\qy"\n')).toEqual(['1:6 [yaml-syntax] \\q is not an escape sequence in double quotes; write \\\\ for a backslash, or use single quotes']);
    expect(problemsIn('a: @home\n')).toEqual(['1:4 [yaml-syntax] a value cannot start with @ unless it is quoted; write it in quotes: "@home"']);
    expect(problemsIn('a: 1\n---\nb: 2\n')).toEqual(['2:1 [yaml-syntax] a second YAML document starts here (after ---); events.yaml holds one document: remove the --- line']);
  });

  it('a duplicate key names the line of the first one and does not stop the rest from being read', () => {
    const result = parseYamlSource('a: 1\nb: 2\na: 3\n');
    expect(result.ok && result.value.data).toEqual({ a: 3, b: 2 });
    expect(problemsIn('a: 1\nb: 2\na: 3\n')).toEqual([
      '3:1 [duplicate-key] `a` appears twice in this mapping (first on line 1); a key may appear once: remove one of them, or rename it',
    ]);
  });

  it('an empty file and a file of comments are told to start from the example', () => {
    expect(problemsIn('')[0]).toMatch(/^1:1 \[empty-file\] the file is empty; /);
    expect(problemsIn('\n# only\n')[0]).toMatch(/^1:1 \[empty-file\] the file holds only comments; /);
  });
});

describe('anchors, aliases, tags and nesting', () => {
  it('aliases may be used to repeat values', () => {
    const result = parseYamlSource('a: &x { lat: 1, lon: 2 }\nb: *x\n');
    expect(result.ok && result.value.data).toEqual({ a: { lat: 1, lon: 2 }, b: { lat: 1, lon: 2 } });
  });

  it(`aliases that add more than ${MAX_ALIAS_VALUES} values are refused at the alias that passes the limit`, () => {
    // Each *b stands for 1 + 100 values; the hundredth passes 10,000 in all.
    const hundred = `[${Array.from({ length: 100 }, () => '1').join(', ')}]`;
    const text = `a: &b ${hundred}\nc: [${Array.from({ length: 120 }, () => '*b').join(', ')}]\n`;
    const [problem] = problemsIn(text);
    expect(problem).toMatch(/^2:\d+ \[alias-limit\] aliases \(\*name\) here make the data too large/);
    expect(Number(/^2:(\d+)/.exec(problem!)![1])).toBe(5 + 4 * 99); // the 100th `*b`, 4 characters apart
  });

  it('an alias to nothing or to the value holding it is refused before the data is built', () => {
    expect(problemsIn('a: *nope\n')).toEqual(['1:4 [unknown-alias] the alias `*nope` names no anchor before it; write `&nope` on an earlier value, or write the value out']);
    expect(problemsIn('a: &x [1, *x]\n')[0]).toMatch(/^1:11 \[alias-cycle\] the alias `\*x` is inside the value `&x`/);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels is refused, also when aliases make it`, () => {
    expect(problemsIn(`a: ${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}\n`)[0]).toMatch(/\[too-large\] values are nested more than 32 levels deep/);
    const chain = Array.from({ length: MAX_DEPTH + 2 }, (_, i) => (i === 0 ? 'a0: &a0 [1]' : `a${i}: &a${i} [*a${i - 1}]`)).join('\n');
    expect(problemsIn(`${chain}\n`)[0]).toMatch(/\[too-large\] the alias `\*a\d+` nests values more than 32 levels deep/);
  });

  it('tags other than the core ones are refused at the tag, and %YAML 1.1 too', () => {
    expect(problemsIn('a: !!str x\nb: !!int 3\n')).toEqual([]);
    expect(problemsIn('a: !!binary aGVsbG8=\n')).toEqual(['1:4 [yaml-syntax] the tag `!!binary` is not one calfeed reads; remove it (dates and times are written as plain text)']);
    expect(problemsIn('%YAML 1.1\n---\na: no\n')[0]).toMatch(/^1:1 \[yaml-syntax\] the %YAML 1.1 line asks for an older YAML/);
  });
});

describe('after a syntax error', () => {
  it('a cascade of thousands of YAML errors is read in time linear in the file (75,000 items: minutes before)', () => {
    const text = `  stray: x\ncalendar:\n  name: X\n  description: [${Array.from({ length: 75_000 }, (_, i) => `a${i}`).join(', ')}]\nevents:\n  - id: a\n    title: A\n    start: 2022-01-10 09:00\n`;
    const result = parseYamlText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ line: 2, col: 1 });
      expect(result.problems.length).toBeLessThanOrEqual(10);
    }
  }, 30_000);
});
