// The fast way from text to data, for a file that turns out valid: js-yaml with the YAML 1.2 core schema
// exactly as the `yaml` package resolves it. It gives no positions, so it never reports a problem: on any
// doubt, or when the data it gives is not a valid calendar, the pipeline reads the file again with the
// `yaml` package (yaml-source.ts), whose data and positioned diagnostics are the ones users see.
//
// Why two readers (6 MB, 10,000 generated events, Node 20.20, 2 cores, first parse in a fresh process):
// yaml's parseDocument with positions takes about 1.7 to 2.7 s (its lexer alone 0.8 s), js-yaml 0.6 s.
// test/core/yaml-fast.test.ts checks that both give the same data for what the fast reader accepts.
import jsyaml from 'js-yaml';

// yaml 2.9, src/schema/core: the plain scalars that are not strings, in the order it tries them.
const coreScalars = [
  new jsyaml.Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: (text: string | null) => text === null || /^(?:~|[Nn]ull|NULL)?$/.test(text),
    construct: () => null,
  }),
  new jsyaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (text: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(text),
    construct: (text: string) => text[0] === 't' || text[0] === 'T',
  }),
  new jsyaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (text: string) => /^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$/.test(text),
    construct: (text: string) =>
      text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10),
  }),
  new jsyaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (text: string) =>
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text),
    construct: (text: string) =>
      text.slice(-3).toLowerCase() === 'nan' ? NaN : /inf$/i.test(text) ? (text[0] === '-' ? -Infinity : Infinity) : parseFloat(text),
  }),
];

const CORE_AS_YAML_READS_IT = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: coreScalars });

/**
 * What the fast reader leaves to the full one: directives (%YAML 1.1 changes the schema), and anchors,
 * aliases and tags (an alias bomb needs the full reader's limit; tags its messages). The test is on the
 * text, so `R&D` or `5 *3` in a title also sends a file the slow way, which costs time, not correctness.
 */
const LEAVE_TO_FULL_READER = /^%|(?:^|[\s[\]{},:])[&*!][^\s[\]{},]|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/m;

// js-yaml accepts some text that yaml rejects (a flow collection or quoted text running onto a line
// indented too little, a comment stuck to a quote). So the fast reader takes only files whose every line
// has one of the plain shapes people write in events.yaml, each on one line; anything else goes the slow way.
const DQ = String.raw`"(?:[^"\\]|\\.)*"`;
const SQ = String.raw`'(?:[^']|'')*'`;
const PLAIN = String.raw`(?:[^\s\-?:,[\]{}#&*!|>'"%@\x60]|[-?:](?=[^\s,[\]{}]))(?:[^\s:]|:(?=\S)|[ \t]+(?=[^\s#]))*`;
// Each item or key non-empty and not starting with ':' (an empty key reads as "" in yaml, "null" in js-yaml),
// and either quoted whole or plain without quotes: `[p "q,: r"]` is two plain items to yaml, one to js-yaml.
const FLOW_ITEM = String.raw`(?=[^\s:,])(?:${DQ}|${SQ}|(?:[^[\]{}"'#:,]|:(?=[^\s,\]}]))+)`;
const FLOW = String.raw`\[ *(?:${FLOW_ITEM}(?:, *${FLOW_ITEM})*)? *\]|\{ *(?:${FLOW_ITEM}: +${FLOW_ITEM}(?:, *${FLOW_ITEM}: +${FLOW_ITEM})*)? *\}`;
const BLOCK_HEADER = '[|>][+-]?';
const KEY = '[A-Za-z_][A-Za-z0-9_-]*';
const END = '(?: +#.*)? *$';
const SIMPLE_LINE = new RegExp(String.raw`^( *)((?:- +)*)(?:(${KEY}):(?: +(?:(${BLOCK_HEADER})|${DQ}|${SQ}|${FLOW}|${PLAIN}))?|-|(${BLOCK_HEADER})|${DQ}|${SQ}|${FLOW}|${PLAIN})${END}`);

/** True when every line has a simple shape, block scalars' lines aside (more indented than their key). */
function hasOnlySimpleLines(text: string): boolean {
  let blockParent = -1; // indentation of the key that opened a block scalar; -1: not in one
  let blockIndent = -1; // indentation of the block scalar's first line
  for (const line of text.split(/\r?\n/)) {
    const indent = line.length - line.trimStart().length;
    if (blockParent >= 0) {
      if (line.trim() === '') {
        // Blank lines: empty, or spaces no deeper than the content (a deeper one before the first line is an error).
        if (line !== '' && (blockIndent < 0 || !/^ *$/.test(line) || line.length > blockIndent)) return false;
        continue;
      }
      if (/^ *\t/.test(line)) return false;
      if (indent > blockParent) {
        if (blockIndent < 0) blockIndent = indent;
        else if (indent < blockIndent) return false;
        continue;
      }
      blockParent = -1;
    }
    if (line.trim() === '' || /^ *#/.test(line)) continue;
    const match = SIMPLE_LINE.exec(line);
    if (!match) return false;
    if (match[4] !== undefined || match[5] !== undefined) {
      blockParent = indent + match[2]!.length;
      blockIndent = -1;
    }
  }
  return true;
}

/** The file's data, or undefined: read it with the full reader. */
export function readYamlFast(text: string): { data: unknown } | undefined {
  if (text.trim() === '' || LEAVE_TO_FULL_READER.test(text) || !hasOnlySimpleLines(text)) return undefined;
  try {
    return { data: jsyaml.load(text, { schema: CORE_AS_YAML_READS_IT }) };
  } catch {
    return undefined;
  }
}
