// A worker thread that renders chunks of events (see render-in-parallel.ts): events in, VEVENTs and page entries out.
import { parentPort } from 'node:worker_threads';
import { renderEvents } from '../core/render-events.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

parentPort?.on('message', ({ id, events, stampMs }: { id: number; events: ResolvedEvent[]; stampMs: number }) => {
  parentPort!.postMessage({ id, renders: renderEvents(events, stampMs) });
});
