// Inputs for the property-based robustness tests: random bytes, token soups and mutated corpus files.
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from '../../support/paths';

/** Runs and seed come from the environment when set: `FC_RUNS=5000 FC_SEED=42 npm run test:unit`. */
export function fcParams(runs: number): fc.Parameters<unknown> {
  const envRuns = Number(process.env.FC_RUNS);
  const envSeed = Number(process.env.FC_SEED);
  return {
    numRuns: Number.isFinite(envRuns) && envRuns > 0 ? envRuns : runs,
    ...(Number.isFinite(envSeed) && process.env.FC_SEED ? { seed: envSeed } : {}),
  };
}

/** Random bytes, read as UTF-8 (with replacement characters) or as latin1 (one character per byte). */
export const randomBytesText: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 3000, size: 'max' }), fc.constantFrom<'utf8' | 'latin1'>('utf8', 'latin1'))
  .map(([bytes, enc]) => Buffer.from(bytes).toString(enc));

const TOKENS = [
  // words nginx and our rules care about
  'server', 'location', 'http', 'events', 'upstream', 'if', 'map', 'geo', 'types', 'include', 'proxy_pass',
  'proxy_http_version', 'proxy_set_header', 'Upgrade', 'Connection', '$http_upgrade', '$connection_upgrade',
  'listen', '127.0.0.1:8080', '/ws/', '~', '^/api/(.*)$', 'content_by_lua_block', 'access_by_lua_block', 'x', 'abc',
  '1.1', 'on', 'off', '$', '${', '${var}', '$var', '}$', '(', ')', '($a', '= "b")', 'é', '😀', '\ud800', '\u0000',
  // punctuation and quotes
  ';', '{', '}', '#', '"', "'", '\\', '\\"', "\\'", '\\\\', '\\n', '"a b"', "'c d'", '"x\\"y"',
  // separators
  ' ', ' ', ' ', '\t', '\n', '\n', '\r\n', '\r',
  // Lua
  '--', '--[[', ']]', '[==[', ']==]', '[[', "'}'", '"{"',
];

/** A soup of the tokens nginx's reader reacts to: words, quotes, `;{}#$\`, line breaks, `${`, Lua brackets. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...TOKENS) },
      { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
      // now and then a word long enough to fill nginx's 4 KB token buffer
      { weight: 1, arbitrary: fc.integer({ min: 4000, max: 4200 }).map((n) => 'w'.repeat(n)) },
    ),
    { maxLength: 200, size: 'max' },
  )
  .map((parts) => parts.join(''));

/** Soups that are mostly well-formed: statements and blocks, with the occasional stray token. */
export const statementSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('server {', 'location /ws/ {', 'if ($http_upgrade) {', 'map $http_upgrade $c {', 'content_by_lua_block {', 'http {', 'upstream u {'),
      fc.constantFrom('}', '}', '}'),
      fc.constantFrom('proxy_pass http://u;', 'listen 127.0.0.1:80;', "default '';", 'proxy_set_header Upgrade $http_upgrade;', 'return 200 "a;b";', '# c', 'ngx.say("}")'),
      fc.constantFrom(...TOKENS),
    ),
    { maxLength: 120, size: 'max' },
  )
  .map((parts) => parts.join('\n'));

let corpus: string[] | undefined;

/** The valid corpus (/work/shared/corpus/valid/**\/*.conf), read once. */
export function corpusTexts(): string[] {
  if (!corpus) {
    const dir = path.join(corpusDir, 'valid');
    corpus = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.conf'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    if (corpus.length < 100) throw new Error(`expected the valid corpus under ${dir}, found ${corpus.length} files`);
  }
  return corpus;
}

type Mutation =
  | { op: 'delete-char'; at: number }
  | { op: 'insert-char'; at: number; ch: string }
  | { op: 'duplicate-char'; at: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; to: number }
  | { op: 'cut'; at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete-char' as const), at }),
  fc.record({ op: fc.constant('insert-char' as const), at, ch: fc.constantFrom(';', '{', '}', '"', "'", '#', '\\', '$', '\n', ' ', 'x', '${', '\r') }),
  fc.record({ op: fc.constant('duplicate-char' as const), at }),
  fc.record({ op: fc.constant('delete-line' as const), at }),
  fc.record({ op: fc.constant('duplicate-line' as const), at }),
  fc.record({ op: fc.constant('swap-lines' as const), at, to: at }),
  fc.record({ op: fc.constant('cut' as const), at }),
);

function apply(text: string, m: Mutation): string {
  const i = Math.floor(m.at * text.length);
  switch (m.op) {
    case 'delete-char':
      return text.slice(0, i) + text.slice(i + 1);
    case 'insert-char':
      return text.slice(0, i) + m.ch + text.slice(i);
    case 'duplicate-char':
      return text.slice(0, i) + text.slice(i, i + 1) + text.slice(i);
    case 'cut':
      return text.slice(0, i);
    default: {
      const lines = text.split('\n');
      const l = Math.floor(m.at * lines.length);
      if (m.op === 'delete-line') lines.splice(l, 1);
      else if (m.op === 'duplicate-line') lines.splice(l, 0, lines[l] ?? '');
      else {
        const k = Math.floor(m.to * lines.length);
        [lines[l], lines[k]] = [lines[k] ?? '', lines[l] ?? ''];
      }
      return lines.join('\n');
    }
  }
}

/** A corpus file with a few random edits: characters and lines deleted, inserted, duplicated, swapped, or the file cut short. */
export const mutatedCorpus: fc.Arbitrary<string> = fc
  .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([n, ms]) => {
    const texts = corpusTexts();
    return ms.reduce(apply, texts[n % texts.length]);
  });

/** Corpus files one after another from the `n`th, until the text holds `bytes` characters at least. */
function corpusRun(n: number, bytes: number): string {
  const texts = corpusTexts();
  const parts: string[] = [];
  for (let size = 0, i = n; size < bytes; i++) {
    const t = texts[i % texts.length];
    parts.push(t);
    size += t.length + 1;
  }
  return parts.join('\n');
}

/** `mutatedCorpus` at a given size: consecutive corpus files joined to `bytes` characters, then a few random edits. */
export function mutatedLargeCorpus(bytes: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([n, ms]) => ms.reduce(apply, corpusRun(n, bytes)));
}
