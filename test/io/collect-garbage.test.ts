// A full garbage collection on purpose, for big builds: it frees what nothing holds, and can be asked again.
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/io/collect-garbage.js';

describe('collectGarbage', () => {
  it('frees the memory of objects nothing holds any more', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let garbage: { i: number; text: string }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `event ${i}` }));
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(10_000_000);
    expect(garbage.length).toBe(300_000);
    garbage = undefined;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5_000_000);
  });
});
