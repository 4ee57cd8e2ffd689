// The render cache on disk answers only for the calfeed build (and Node zone data) that wrote it.
import { describe, expect, it } from 'vitest';
import { openRenderCache } from '../../src/io/render-cache.js';
import { tempDir } from '../helpers/cli.js';

describe('the render cache file', () => {
  it('keeps VTIMEZONEs for the build that made them only', async () => {
    const dir = tempDir();
    const first = await openRenderCache(dir, '/out', 'build-a');
    first.zones.set('America/St_Johns 1900 1902', ['BEGIN:VTIMEZONE', 'END:VTIMEZONE']);
    await first.save();
    expect((await openRenderCache(dir, '/out', 'build-a')).zones.get('America/St_Johns 1900 1902')).toEqual(['BEGIN:VTIMEZONE', 'END:VTIMEZONE']);
    expect((await openRenderCache(dir, '/out', 'build-b')).zones.get('America/St_Johns 1900 1902')).toBeUndefined();
  });
});
