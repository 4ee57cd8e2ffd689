// The JSON Schema of events.yaml, generated from the zod schema the validator uses (one source of truth).
import { z } from 'zod';
import { writtenFileSchema } from './schema.js';

export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(writtenFileSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://calfeed.invalid/events.schema.json' }, null, 2)}\n`;
}
