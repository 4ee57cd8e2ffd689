// The words of a text as an id can hold them: lower-case ASCII letters and digits, accents dropped
// (é → e), other scripts and punctuation left out. Imported events' ids and by-category feeds' ids join them.
export const slugWords = (text: string): string[] =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
