// calfeed schema: print the JSON Schema of events.yaml (the same text as events.schema.json).
import { renderJsonSchema } from '../core/json-schema.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';

export function runSchema(context: CommandContext): ExitCode {
  context.stdout.write(renderJsonSchema());
  return EXIT.ok;
}
