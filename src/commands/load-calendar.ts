// Shared first step of build, check and serve: read the file, run the pipeline, report problems.
import { relative } from 'node:path';
import { checkItems, completePlan, formatProblem, parseCalendar, planItems, readFast, type Calendar, type CalendarResult, type EventMemo } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';
import { MAX_FAST_EVENTS } from '../core/validate.js';
import { buildStamp } from '../io/build-stamp.js';
import { PARALLEL_FROM, type RenderWorker } from '../io/render-in-parallel.js';
import { readSource } from '../io/read-source.js';
import { EXIT, type CommandContext, type ExitCode } from './context.js';

export type Loaded = { ok: true; value: Calendar; stampMs: number } | { ok: false; code: ExitCode };

/**
 * `memo`: what earlier builds made of the file's items (a render cache), so that only changed items are
 * checked again; `workers`: threads that check a share of the items when there are thousands to check.
 */
export async function loadCalendar(path: string, context: CommandContext, memo?: EventMemo, workers: readonly RenderWorker[] = []): Promise<Loaded> {
  const shownName = displayName(path, context.cwd);
  const read = await readSource(path);
  if (!read.ok) {
    context.stderr.write(`${shownName}: error: cannot read the file: ${read.reason}\n`);
    return { ok: false, code: EXIT.invalid };
  }
  const stamp = buildStamp(context.env, read.source.mtimeMs);
  if (!stamp.ok) {
    context.stderr.write(`calfeed: ${stamp.message}\n`);
    return { ok: false, code: EXIT.usage };
  }
  const parsed = workers.length > 0 ? await parseSharing(read.source.bytes, memo, workers) : parseCalendar(read.source.bytes, memo);
  if (!parsed.ok) {
    for (const p of parsed.problems) context.stderr.write(`${formatProblem(shownName, p)}\n`);
    const count = parsed.problems.length;
    context.stderr.write(`${count} problem${count === 1 ? '' : 's'} in ${shownName}; nothing was written\n`);
    return { ok: false, code: EXIT.invalid };
  }
  return { ok: true, value: parsed.value, stampMs: stamp.stampMs };
}

/**
 * parseCalendar, with the items to check shared between this thread and the workers: checking (zod, then
 * zones and series) is about three quarters of reading a big file. The same result: the items are
 * checked one by one either way, and any problem sends the file the usual way, which reports it.
 */
async function parseSharing(bytes: Uint8Array, memo: EventMemo | undefined, workers: readonly RenderWorker[]): Promise<CalendarResult> {
  const fast = readFast(bytes);
  const plan = fast && planItems(fast.data, MAX_FAST_EVENTS, memo);
  if (!plan) return parseCalendar(bytes, memo);
  const missing = plan.missing.map((i) => plan.items[i]);
  const share = missing.length < PARALLEL_FROM ? 0 : Math.ceil(missing.length / (workers.length + 1));
  const theirs = share === 0 ? [] : workers.map((worker, w) => worker.check(missing.slice(w * share, (w + 1) * share), plan.calendar));
  const rest = missing.slice(share === 0 ? 0 : workers.length * share);
  const ours = checkItems(rest, plan.calendar);
  const checked = [...(await Promise.all(theirs)), ours];
  if (checked.some((events) => events === undefined)) return parseCalendar(bytes, memo);
  return completePlan(plan, (checked as ResolvedEvent[][][]).flat(), memo) ?? parseCalendar(bytes, memo);
}

/** The path as the user would type it: relative to where they are, when inside it. */
export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
