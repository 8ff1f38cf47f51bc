// A scenario is data: rules, a broken config they flag, and what the broken config and the one our quick fixes
// make of it must each do on a real nginx.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { nginxTest, type NginxVerdict } from '../../support/nginx';
import { inServer } from '../../support/seeds';
import { startBackend, type Backend } from './backend';
import { connect } from './client';
import { startOnFreePorts, writePrefix, type NginxServer } from './nginx-server';
import { freePort } from './ports';
import { applyAllFixes, applyRuleFixes, describeFinding, findingsOf } from './quick-fix';

/**
 * Configs are complete nginx.conf texts, valid as written (so our own parser, rules and quick fixes can
 * work on them verbatim). They listen on LAB_LISTEN and proxy to LAB_BACKENDS[0], [1] ...; the lab
 * rewrites those addresses to free ports before nginx sees the config.
 */
export const LAB_LISTEN = '127.0.0.1:8080';
export const LAB_BACKENDS = ['127.0.0.1:9001', '127.0.0.1:9002', '127.0.0.1:9003'];

/** The usual complete config: `events {}` and one http server on LAB_LISTEN holding `locations` (written at column 0). */
export const labServer = (locations: string): string => inServer(locations, `listen ${LAB_LISTEN};\n`);

export interface Scenario {
  name: string;
  /** Registry ids of the rules whose diagnostics this scenario proves: each must flag the broken config. */
  rules: string[];
  /**
   * How the fixed config is made from the broken one, always by our own quick fixes: `rules` (the default)
   * takes each rule's preferred fix and re-analyses until the rule no longer fires; `all` runs the fix engine
   * over every finding, as "fix all" and `nginx-ws check --fix` do.
   */
  fix?: 'rules' | 'all';
  /** Backend instance names, in the order of LAB_BACKENDS. Default: one, named `a`. */
  backends?: string[];
  broken: string;
  /** The broken config is one that `nginx -t` refuses (the others load and misbehave). */
  nginxRefusesBroken?: boolean;
  /** Each expectation asserts, and returns a short description of what it saw for the results table. */
  expectBroken: Expectation;
  expectFixed: Expectation;
}

export type Expectation = (lab: Lab) => Promise<string>;

/** The fixed side of a handshake scenario: a WebSocket opens on /socket, and backend a saw one upgrade request. */
export const upgradesOnce: Expectation = async (lab) => {
  await lab.start();
  (await connect(lab.url('/socket'))).close();
  assert.equal(lab.backends.a!.stats.upgradeRequests, 1);
  return '101';
};

export interface Lab {
  /** The config with the lab's addresses filled in. */
  config: string;
  port: number;
  backends: Record<string, Backend>;
  /** `ws://127.0.0.1:PORT` + path. */
  url(path: string): string;
  /** Starts nginx on the config; the runner stops it. */
  start(): Promise<NginxServer>;
  /** `nginx -t` on the config, nothing started. */
  test(): NginxVerdict;
}

export interface QuickFixed {
  config: string;
  /** What the user would have clicked: the fixes' titles (or, for fix all, the rules they came from). */
  applied: string[];
}

const fixedCache = new Map<Scenario, QuickFixed>();

/**
 * The fixed config: the broken one after our own quick fixes (see `Scenario.fix`). Throws when a rule of the
 * scenario still fires afterwards, or when a fix leaves a syntax error.
 */
export function quickFixed(s: Scenario): QuickFixed {
  const cached = fixedCache.get(s);
  if (cached) return cached;
  let result: QuickFixed;
  if (s.fix === 'all') {
    const all = applyAllFixes(s.broken);
    result = { config: all.config, applied: [`fix all (${all.fixedRules.join(', ')})`] };
  } else {
    let config = s.broken;
    const applied: string[] = [];
    for (const rule of s.rules) {
      const out = applyRuleFixes(config, rule);
      config = out.config;
      applied.push(...out.titles);
    }
    result = { config, applied };
  }
  const still = findingsOf(result.config).filter((f) => s.rules.includes(f.rule));
  if (still.length > 0) throw new Error(`after our quick fixes, ${still.map((f) => `${f.rule}: ${f.message}`).join('; ')}`);
  fixedCache.set(s, result);
  return result;
}

/**
 * Our analysis of the broken config (as nginx 1.22.1, see LAB_SETTINGS): asserts that each of the scenario's rules
 * fires, and describes every rule that does, the scenario's first.
 */
export function flaggedBy(s: Scenario): string {
  const findings = findingsOf(s.broken);
  const fired = new Map<string, string>();
  for (const f of findings) if (!fired.has(f.rule)) fired.set(f.rule, describeFinding(f));
  for (const rule of s.rules) {
    assert.ok(fired.has(rule), `${rule} does not flag the broken config (flagged: ${[...fired.keys()].join(', ') || 'nothing'})`);
  }
  const mine = s.rules.map((r) => fired.get(r)!);
  const others = [...fired].filter(([r]) => !s.rules.includes(r)).map(([, d]) => d);
  return others.length > 0 ? `${mine.join(', ')}; also ${others.join(', ')}` : mine.join(', ');
}

export function fixedConfig(s: Scenario): string {
  return quickFixed(s).config;
}

const escape = (address: string): string => address.replace(/\./g, '\\.');
const ADDRESS = new RegExp(`(?:${[LAB_LISTEN, ...LAB_BACKENDS].map(escape).join('|')})(?!\\d)`, 'g');

/** Rewrites the lab's written addresses to this run's listen port and backends, in one pass. */
export function render(template: string, listenPort: number, backends: Backend[]): string {
  const values = new Map<string, string>([[LAB_LISTEN, `127.0.0.1:${listenPort}`]]);
  backends.forEach((b, i) => values.set(LAB_BACKENDS[i]!, b.address));
  if (!template.includes(LAB_LISTEN)) throw new Error(`lab: the config must listen on ${LAB_LISTEN}`);
  return template.replace(ADDRESS, (address) => {
    const value = values.get(address);
    if (!value) throw new Error(`lab: ${address} is used but only ${backends.length} backend(s) are declared`);
    return value;
  });
}

/** Runs one side of a scenario with fresh backends and nginx, and stops them whatever happens. */
export async function runSide(s: Scenario, side: 'broken' | 'fixed'): Promise<string> {
  const template = side === 'broken' ? s.broken : fixedConfig(s);
  const expectation = side === 'broken' ? s.expectBroken : s.expectFixed;
  const backends: Backend[] = [];
  const servers: NginxServer[] = [];
  try {
    for (const name of s.backends ?? ['a']) backends.push(await startBackend(name));
    let port = await freePort();
    let config = render(template, port, backends);
    const lab: Lab = {
      get config() {
        return config;
      },
      get port() {
        return port;
      },
      backends: Object.fromEntries(backends.map((b) => [b.name, b])),
      url: (path) => `ws://127.0.0.1:${port}${path}`,
      async start() {
        const { server, ports } = await startOnFreePorts(1, ([p]) => render(template, p!, backends));
        servers.push(server);
        port = ports[0]!;
        config = render(template, port, backends);
        return server;
      },
      test() {
        const { confPath, prefix } = writePrefix(config);
        try {
          return nginxTest(confPath, prefix);
        } finally {
          fs.rmSync(prefix, { recursive: true, force: true });
        }
      },
    };
    // Every side loads (or, for a broken config nginx refuses, fails) under `nginx -t` before it is judged.
    const verdict = lab.test();
    const loads = side === 'fixed' || !s.nginxRefusesBroken;
    assert.equal(verdict.ok, loads, `nginx -t on the ${side} config: ${verdict.output}\n${config}`);
    return await expectation(lab);
  } finally {
    await Promise.all(servers.map((n) => n.stop()));
    await Promise.all(backends.map((b) => b.stop()));
  }
}
