// cliui's string-width (the layout of yargs' help), loaded only for text that needs it. Its module builds
// an Intl.Segmenter and a \p{RGI_Emoji} regular expression as it loads, about 30 ms of every calfeed run
// (measured on the shipped calendar, 2 cores, Node 20.20), and yargs lays out its help text before
// running any command. That text is printable ASCII, one column per character, which is what
// string-width answers for it too (test/build/string-width-on-first-use.test.ts checks the two agree).
// scripts/build.mjs wraps each 'string-width' that the bundle imports in this, with that import's own copy.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `load` gives the real string-width, called the first time a text is not printable ASCII. */
module.exports = function stringWidthOnFirstUse(load) {
  let stringWidth;
  const width = (text, options) => (typeof text === 'string' && PRINTABLE_ASCII.test(text) ? text.length : (stringWidth ??= load())(text, options));
  width.default = width;
  return width;
};
