// A worker thread that renders events (see render-in-parallel.ts): events in, VEVENTs and page entries out.
import { parentPort } from 'node:worker_threads';
import { renderEvents } from '../core/render-events.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

parentPort?.once('message', ({ events, stampMs }: { events: ResolvedEvent[]; stampMs: number }) => {
  parentPort!.postMessage(renderEvents(events, stampMs));
});
