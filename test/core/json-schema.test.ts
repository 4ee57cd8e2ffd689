import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema } from '../../src/core/json-schema.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

interface SchemaNode {
  type?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  additionalProperties?: boolean;
}

/** Every field at every depth, as `events[].geo.lat`. */
function fieldsOf(node: SchemaNode, at = ''): [string, SchemaNode][] {
  const own = Object.entries(node.properties ?? {}).flatMap(([name, field]) => {
    const path = at ? `${at}.${name}` : name;
    return [[path, field] as [string, SchemaNode], ...fieldsOf(field, path)];
  });
  return node.items ? [...own, ...fieldsOf(node.items, `${at}[]`)] : own;
}

describe('the JSON Schema', () => {
  it('committed events.schema.json equals the one generated from the validator (run `npm run schema`)', () => {
    expect(readFileSync(new URL('../../events.schema.json', import.meta.url), 'utf8')).toBe(renderJsonSchema());
  });

  it('describes every field at every depth, with an example', () => {
    const schema = JSON.parse(renderJsonSchema()) as SchemaNode;
    const fields = fieldsOf(schema);
    expect(fields.map(([path]) => path)).toEqual(expect.arrayContaining(['calendar', 'calendar.name', 'events', 'events[].start', 'events[].geo.lat']));
    for (const [path, field] of fields) {
      expect(field.description, path).toBeTruthy();
      expect(field.examples?.length, path).toBeGreaterThan(0);
    }
    const event = schema.properties!.events!.items!;
    expect(event.additionalProperties).toBe(false);
    expect(event.required).toEqual(['id', 'title', 'start']);
  });

  it('is what `calfeed schema` prints, and what the first line of events.yaml points editors to', () => {
    const run = runCli(['schema'], tempDir());
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(readFileSync(`${ROOT}/events.schema.json`, 'utf8'));
    expect(readFileSync(`${ROOT}/events.yaml`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./events.schema.json');
  });
});
