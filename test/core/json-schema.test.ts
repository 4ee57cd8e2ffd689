import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema } from '../../src/core/json-schema.js';

describe('the JSON Schema', () => {
  it('committed events.schema.json equals the one generated from the validator (run `npm run schema`)', () => {
    expect(readFileSync(new URL('../../events.schema.json', import.meta.url), 'utf8')).toBe(renderJsonSchema());
  });

  it('describes every field, with an example', () => {
    const schema = JSON.parse(renderJsonSchema());
    const event = schema.properties.events.items;
    for (const block of [schema.properties.calendar, event]) {
      for (const [name, field] of Object.entries(block.properties as Record<string, { description?: string; examples?: unknown[] }>)) {
        expect(field.description, name).toBeTruthy();
        expect(field.examples?.length, name).toBeGreaterThan(0);
      }
    }
    expect(event.additionalProperties).toBe(false);
    expect(event.required).toEqual(['id', 'title', 'start']);
  });
});
