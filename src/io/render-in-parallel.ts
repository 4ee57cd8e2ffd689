// Render events (VEVENTs through `ics`, and page entries) in chunks, on this thread and, when there are
// thousands, on a worker thread too, handing each chunk's renderings over in order as soon as it and
// those before it are done. The bytes are the same as rendering on one thread (each event's rendering
// depends only on the event and the stamp).
//
// Why: `ics` costs 0.2 to 0.4 ms per generated event on this project's 2-core machines (yup validation and
// its per-character folding), so 10,000 new events are 2 s or more on one core. The worker takes chunks
// as it finishes them, two ahead, and this thread renders the next chunk whenever the one it must hand
// over next is not back yet: the two share the work whatever else this thread has to do (write the
// files). A worker is started before the file is even parsed (startRenderWorkers), so that its start
// overlaps the parsing.
//
// `ics` is loaded here, when something must be rendered, and not before: a build whose events all come
// from the render cache never loads it (about 10 ms of a small build's startup).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderedEvent } from '../core/pipeline.js';
import type { ResolvedEvent } from '../core/resolve-events.js';

/**
 * Fewer events to check or render than this are done on this thread alone. A worker costs more than it
 * looks: besides starting (loading and compiling its own copy of the program), each thread warms up its
 * own compiled code and heap. Measured (2 cores, cold builds of generated events): at 1,000 events one
 * thread took 1.1–1.3 s and 120 MB, with a worker 1.35–1.4 s and 180 MB; at 3,000 and 5,000 the two were
 * level in time; at 10,000 the worker saved about a third.
 */
export const PARALLEL_FROM = 4000;

/**
 * A source file this big holds about PARALLEL_FROM events or more: the workers are started before the
 * file is parsed, so that their start overlaps the parsing (they go unused if the cache has the events).
 */
export const WORKER_FROM_BYTES = PARALLEL_FROM * 400;

/** Events per chunk: a few tens of milliseconds of rendering, small to copy between threads. */
export const CHUNK_EVENTS = 250;

/** The worker's file beside the bundled program: dist/render-worker.cjs (none when running the sources). */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.cjs', import.meta.url));

export interface RenderWorker {
  render(events: readonly ResolvedEvent[], stampMs: number): Promise<RenderedEvent[]>;
  close(): void;
}

/**
 * Workers that render chunks of events beside this thread, one per other core (at most three), for a
 * source file of `sourceBytes`: none for a small file, where there is one core or no worker file, or
 * with CALFEED_WORKERS=off (everything then runs on one thread, with the same output).
 */
export function startRenderWorkers(env: NodeJS.ProcessEnv, sourceBytes: number): RenderWorker[] {
  const others = Math.min(availableParallelism(), 4) - 1;
  if (sourceBytes < WORKER_FROM_BYTES || env.CALFEED_WORKERS === 'off' || others < 1 || !existsSync(WORKER_FILE)) return [];
  return Array.from({ length: others }, startRenderWorker);
}

function startRenderWorker(): RenderWorker {
  const worker = new Worker(WORKER_FILE);
  const pending = new Map<number, { resolve: (answer: never) => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  // A worker with work to do keeps the process alive; an idle one does not.
  worker.unref();
  worker.on('message', ({ id, answer }: { id: number; answer: never }) => {
    pending.get(id)?.resolve(answer);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the render worker exited with code ${code}`)));
  const ask = <T>(message: object): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (answer: never) => void, reject });
      worker.ref();
      worker.postMessage({ id, ...message });
    });
  };
  return {
    render: (events, stampMs) => ask({ events, stampMs }),
    close() {
      failure ??= new Error('the render worker was closed');
      void worker.terminate();
    },
  };
}

/**
 * Renders `chunks` (each a list of events), handing each chunk's renderings to `take`, in order. With
 * `workers` and enough events, each worker is kept two chunks ahead, and this thread renders the next
 * chunk whenever the one it must take next is not back yet; else this thread renders them in turn.
 */
export async function renderChunks(
  chunks: readonly (readonly ResolvedEvent[])[],
  stampMs: number,
  take: (index: number, renders: RenderedEvent[]) => void | Promise<void>,
  workers: readonly RenderWorker[] = [],
): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (total === 0) {
    for (let i = 0; i < chunks.length; i++) await take(i, []);
    return;
  }
  const { renderEvents } = await import('../core/render-events.js');
  const here = (i: number) => (chunks[i]!.length === 0 ? [] : renderEvents(chunks[i]!, stampMs));
  if (workers.length === 0 || total < PARALLEL_FROM) {
    for (let i = 0; i < chunks.length; i++) await take(i, here(i));
    return;
  }
  const done = new Map<number, RenderedEvent[]>();
  let wake: (() => void) | undefined;
  let failure: unknown;
  let assigned = 0;
  const feed = (worker: RenderWorker, inFlight: { count: number }) => {
    while (inFlight.count < 2 && assigned < chunks.length) {
      const i = assigned++;
      if (chunks[i]!.length === 0) {
        done.set(i, []);
        continue;
      }
      inFlight.count++;
      worker.render(chunks[i]!, stampMs).then(
        (renders) => {
          inFlight.count--;
          done.set(i, renders);
          feed(worker, inFlight);
          wake?.();
        },
        (error: unknown) => {
          failure ??= error;
          wake?.();
        },
      );
    }
  };
  for (const worker of workers) feed(worker, { count: 0 });
  for (let taken = 0; taken < chunks.length; ) {
    if (failure) throw failure;
    const renders = done.get(taken);
    if (renders) {
      done.delete(taken);
      await take(taken++, renders);
    } else if (assigned < chunks.length) {
      const i = assigned++;
      done.set(i, here(i));
      // Let the workers' answers in (and give them their next chunks) before going on.
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
}
