// A worker thread for big builds (see render-in-parallel.ts): it renders chunks of events (VEVENTs and page entries).
import { parentPort } from 'node:worker_threads';
import { renderEvents } from '../core/render-events.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

parentPort?.on('message', (request: { id: number; events: ResolvedEvent[]; stampMs: number }) => {
  parentPort!.postMessage({ id: request.id, answer: renderEvents(request.events, request.stampMs) });
});
