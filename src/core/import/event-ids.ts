// Ids for imported events: a slug of the title and the start date (`nato-russia-council-2022-01-12`), unique
// in the file by a suffix (-2, -3, …) in the feed's order, so the same feed always gives the same ids.
import { MAX_ID_LENGTH } from '../schema.js';
import { slugWords } from '../slug-words.js';

/** Characters of the title kept in an id: enough to recognise the event, short enough to type. */
const TITLE_CHARACTERS = 60;

export class EventIds {
  private readonly used = new Set<string>();

  /** Takes an id as it is (a feed calfeed wrote gives its ids back), or false if it is taken. */
  claim(id: string): boolean {
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }

  /** A new unique id from the title and the start date (`YYYY-MM-DD`). */
  make(title: string, date: string): string {
    const base = `${slugOf(title) || 'event'}-${date}`.slice(0, MAX_ID_LENGTH - 8);
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

/** Lower-case ASCII letters and digits joined by "-": accents dropped (é → e), other scripts left out. */
export function slugOf(title: string): string {
  let slug = '';
  for (const word of slugWords(title)) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > TITLE_CHARACTERS) return slug || word.slice(0, TITLE_CHARACTERS);
    slug = next;
  }
  return slug;
}
