// "Did you mean …?": the closest known names to a misspelt one.

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/**
 * The longest input a suggestion is looked for: a name is a few dozen characters, and the distance costs
 * input × candidate length for each of some 600 zone names (a 20,000-character value took 32 s).
 */
const MAX_SUGGESTED_LENGTH = 64;

/** Up to `limit` candidates close enough to `input` to be what was meant, closest first; none for a long input. */
export function closestNames(input: string, candidates: readonly string[], limit = 3): string[] {
  if (input.length > MAX_SUGGESTED_LENGTH) return [];
  const maxDistance = Math.max(2, Math.floor(input.length / 3));
  return candidates
    .map((name) => ({ name, distance: editDistance(input, name) }))
    .filter(({ distance }) => distance <= maxDistance)
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map(({ name }) => name);
}

/** "; did you mean `location`?" or "" */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const [best] = closestNames(input, candidates, 1);
  return best ? `; did you mean \`${best}\`?` : '';
}
