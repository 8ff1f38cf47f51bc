/**
 * Turns each snippet of snippets/nginx.json into a realistic, complete configuration (the snippet expanded
 * with its defaults and wrapped in what it needs around it), ready for `nginx -t` or for our own analysis.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { expandSnippet } from './snippetExpand';

export const snippetsPath = path.join(repoRoot, 'snippets', 'nginx.json');

export interface SnippetDefinition {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

export interface SnippetFixture {
  /** The snippet's title in snippets/nginx.json. */
  name: string;
  prefix: string;
  /** The snippet as inserted with its default values. */
  expanded: string;
  /** Relative path -> text; nginxTestFiles() writes them into a prefix. */
  files: Record<string, string>;
  main: 'nginx.conf';
}

export function loadSnippets(): Record<string, SnippetDefinition> {
  return JSON.parse(fs.readFileSync(snippetsPath, 'utf8')) as Record<string, SnippetDefinition>;
}

export const prefixesOf = (s: SnippetDefinition): string[] => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

function snippetByPrefix(prefix: string): [string, SnippetDefinition] {
  const found = Object.entries(loadSnippets()).find(([, s]) => prefixesOf(s).includes(prefix));
  if (!found) throw new Error(`snippets/nginx.json has no snippet with prefix ${prefix}`);
  return found;
}

/** The snippet with prefix `prefix`, expanded; `values` stands in for what a user types at tab stops. */
export function expandByPrefix(prefix: string, values: Record<number, string> = {}): string {
  return expandSnippet(snippetByPrefix(prefix)[1].body, values);
}

/** Where fixtures listen (nginx -t binds these): loopback, and no snippet default proxies to them. */
export const FRONT_LISTEN = '127.0.0.1:8000';
export const TLS_LISTEN = '127.0.0.1:8443';

export function indent(text: string, depth: number): string {
  return text
    .split('\n')
    .map((l) => (l ? '\t'.repeat(depth) + l : l))
    .join('\n');
}

/** A complete nginx.conf whose http block holds `parts`. */
export function httpConf(parts: string[]): string {
  return `events {}\n\nhttp {\n${parts.map((p) => indent(p, 1)).join('\n\n')}\n}\n`;
}

/** A plain-HTTP server on FRONT_LISTEN holding `locations`. */
export function frontServer(locations: string[]): string {
  return `server {\n\tlisten ${FRONT_LISTEN};\n\tserver_name localhost;\n\n${locations.map((l) => indent(l, 1)).join('\n\n')}\n}`;
}

let certificate: { cert: string; key: string } | undefined;

/** A self-signed certificate valid for a day, made locally with openssl (once per process). */
export function throwawayCertificate(): { cert: string; key: string } {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-cert-'));
  try {
    const [cert, key] = [path.join(dir, 'server.crt'), path.join(dir, 'server.key')];
    const r = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (r.error || r.status !== 0) {
      throw new Error(`openssl could not make a test certificate (is the openssl package installed?): ${r.error?.message ?? r.stderr}`);
    }
    certificate = { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8') };
    return certificate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Builder = () => { expanded: string; files: Record<string, string> };

/** How each snippet is placed in a whole configuration. */
const builders: Record<string, Builder> = {
  'ws-location': () => {
    const expanded = expandByPrefix('ws-location');
    return { expanded, files: { 'nginx.conf': httpConf([expandByPrefix('ws-map'), frontServer([expanded])]) } };
  },
  'ws-map': () => {
    const expanded = expandByPrefix('ws-map');
    return { expanded, files: { 'nginx.conf': httpConf([expanded, frontServer([expandByPrefix('ws-location')])]) } };
  },
  'ws-upstream': () => {
    const expanded = expandByPrefix('ws-upstream');
    const name = /^upstream\s+(\S+)\s*\{/m.exec(expanded)?.[1];
    if (!name) throw new Error(`ws-upstream does not expand to an upstream block:\n${expanded}`);
    const location = expandByPrefix('ws-location', { 2: name });
    return { expanded, files: { 'nginx.conf': httpConf([expandByPrefix('ws-map'), expanded, frontServer([location])]) } };
  },
  'ws-tls-server': () => {
    const { cert, key } = throwawayCertificate();
    // Loopback ports need no privileges; relative certificate paths resolve against nginx.conf's directory.
    const expanded = expandByPrefix('ws-tls-server', {
      1: FRONT_LISTEN,
      3: TLS_LISTEN,
      4: 'tls/server.crt',
      5: 'tls/server.key',
    });
    return {
      expanded,
      files: {
        'nginx.conf': httpConf([expandByPrefix('ws-map'), expanded]),
        'tls/server.crt': cert,
        'tls/server.key': key,
      },
    };
  },
  'ws-socketio': () => {
    const expanded = expandByPrefix('ws-socketio');
    return { expanded, files: { 'nginx.conf': httpConf([expandByPrefix('ws-map'), frontServer([expanded])]) } };
  },
  'ws-nginx-conf': () => {
    const expanded = expandByPrefix('ws-nginx-conf', { 6: FRONT_LISTEN });
    return { expanded, files: { 'nginx.conf': `${expanded}\n` } };
  },
};

/** The realistic configuration for one snippet prefix. */
export function snippetFixture(prefix: string): SnippetFixture {
  const build = builders[prefix];
  if (!build) throw new Error(`no fixture knows how to place snippet ${prefix}; add one to test/support/snippetFixtures.ts`);
  const [name] = snippetByPrefix(prefix);
  return { name, prefix, main: 'nginx.conf', ...build() };
}

/** One fixture per snippet in snippets/nginx.json; a snippet nobody placed is an error, not a skip. */
export function allSnippetFixtures(): SnippetFixture[] {
  return Object.values(loadSnippets()).map((s) => snippetFixture(prefixesOf(s)[0]));
}
