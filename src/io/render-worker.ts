// A worker thread that renders VEVENTs (see render-in-parallel.ts): events in, folded texts out.
import { parentPort } from 'node:worker_threads';
import { renderEventTexts } from '../core/ics/ics-adapter.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

parentPort?.once('message', ({ events, stampMs }: { events: ResolvedEvent[]; stampMs: number }) => {
  parentPort!.postMessage(renderEventTexts(events, stampMs));
});
