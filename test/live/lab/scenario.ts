// A scenario is data: a rule, a broken config, its fix, and what each must do on a real nginx.
import * as fs from 'node:fs';
import { nginxTest, type NginxVerdict } from '../../support/nginx';
import { startBackend, type Backend } from './backend';
import { startOnFreePorts, writePrefix, type NginxServer } from './nginx-server';
import { freePort } from './ports';

/**
 * Configs are complete nginx.conf texts, valid as written (so our own parser, rules and quick fixes can
 * work on them verbatim). They listen on LAB_LISTEN and proxy to LAB_BACKENDS[0], [1] ...; the lab
 * rewrites those addresses to free ports before nginx sees the config.
 */
export const LAB_LISTEN = '127.0.0.1:8080';
export const LAB_BACKENDS = ['127.0.0.1:9001', '127.0.0.1:9002', '127.0.0.1:9003'];

export interface Scenario {
  name: string;
  /** The rule whose diagnostic this scenario proves. */
  rule: string;
  /** Backend instance names, in the order of LAB_BACKENDS. Default: one, named `a`. */
  backends?: string[];
  broken: string;
  /** The broken config is one that `nginx -t` refuses (the others load and misbehave). */
  nginxRefusesBroken?: boolean;
  /** The fixed config, or a function that produces it from the broken one (a quick fix). */
  fixed: string | ((broken: string) => string);
  /** Each expectation asserts, and returns a short description of what it saw for the results table. */
  expectBroken: Expectation;
  expectFixed: Expectation;
}

export type Expectation = (lab: Lab) => Promise<string>;

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

export function fixedConfig(s: Scenario): string {
  return typeof s.fixed === 'function' ? s.fixed(s.broken) : s.fixed;
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
    return await expectation(lab);
  } finally {
    await Promise.all(servers.map((n) => n.stop()));
    await Promise.all(backends.map((b) => b.stop()));
  }
}
