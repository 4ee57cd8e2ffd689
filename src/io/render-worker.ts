// A worker thread for big builds (see render-in-parallel.ts): it checks a share of the items of the file,
// then renders chunks of events (VEVENTs and page entries).
import { parentPort } from 'node:worker_threads';
import { checkItems } from '../core/pipeline.js';
import { renderEvents } from '../core/render-events.js';
import { collectGarbage } from './collect-garbage.js';
import type { ResolvedCalendar } from '../core/resolve-calendar.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

type Request =
  | { id: number; kind: 'render'; events: ResolvedEvent[]; stampMs: number }
  | { id: number; kind: 'check'; items: unknown[]; calendar: ResolvedCalendar };

parentPort?.on('message', (request: Request) => {
  const answer = request.kind === 'render' ? renderEvents(request.events, request.stampMs) : (checkItems(request.items, request.calendar) ?? null);
  parentPort!.postMessage({ id: request.id, answer });
  // What checking made is garbage once the answer is sent (see collect-garbage.ts).
  if (request.kind === 'check') collectGarbage();
});
