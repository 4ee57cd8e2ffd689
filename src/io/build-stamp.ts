// The build's DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else the source file's mtime.

export type StampResult = { ok: true; stampMs: number } | { ok: false; message: string };

export function buildStamp(env: NodeJS.ProcessEnv, mtimeMs: number): StampResult {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return { ok: true, stampMs: Math.floor(mtimeMs / 1000) * 1000 };
  // reproducible-builds.org: a malformed value is an error, never silently ignored.
  if (!/^\d{1,12}$/.test(epoch)) return { ok: false, message: `SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}` };
  return { ok: true, stampMs: Number(epoch) * 1000 };
}
