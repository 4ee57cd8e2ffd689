// A full garbage collection, asked for where a big build has just made most of its heap garbage.
//
// Why: V8 lets the old generation grow a long way before it collects it (its limit here is 4.3 GB), and a
// build makes garbage fast: 100,000 generated events peaked at 1.6 GB of memory for a live heap under
// 0.6 GB (2 cores, Node 20.20). Collecting once after parsing and once every 10,000 rendered events kept
// the peak at 0.7 GB, and 10,000 events at 0.27–0.31 GB against 0.34, for a few percent more time. Node has no API
// for this but the `gc` that --expose-gc puts in new contexts; the flag is set when first needed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Events read or rendered between two full collections; fewer events need none. */
export const COLLECT_EVERY_EVENTS = 10_000;

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
