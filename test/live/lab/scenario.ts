// A scenario is data: a rule, a broken config, its fix, and what each must do on a real nginx.
import { nginxTest, type NginxVerdict } from '../../support/nginx';
import { startBackend, type Backend } from './backend';
import { startNginx, writePrefix, type NginxServer } from './nginx-server';
import { freePort } from './ports';

/**
 * Configs are complete nginx.conf texts with placeholders that stay valid nginx tokens (so our own
 * parser and quick fixes can work on them as written): LAB_LISTEN becomes `127.0.0.1:PORT`,
 * LAB_BACKEND_A, LAB_BACKEND_B ... the matching backend's `127.0.0.1:PORT`.
 */
export interface Scenario {
  name: string;
  /** The rule whose diagnostic this scenario proves. */
  rule: string;
  /** Backend instance names; the first is LAB_BACKEND_A. Default: one, named `a`. */
  backends?: string[];
  broken: string;
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

/** LAB_LISTEN and LAB_BACKEND_A, LAB_BACKEND_B ... for a listen port and backends. */
export function labValues(listenPort: number, backends: Backend[]): Record<string, string> {
  const values: Record<string, string> = { LAB_LISTEN: `127.0.0.1:${listenPort}` };
  backends.forEach((b, i) => (values[`LAB_BACKEND_${String.fromCharCode(65 + i)}`] = b.address));
  return values;
}

/** Fills in LAB_* placeholders; one left without a value is an error in the scenario. */
export function render(template: string, values: Record<string, string>): string {
  const out = template.replace(/\bLAB_[A-Z_]+\b/g, (name) => values[name] ?? name);
  const left = /\bLAB_[A-Z_]+\b/.exec(out);
  if (left) throw new Error(`lab: placeholder ${left[0]} has no value (declare enough backends)`);
  return out;
}

const START_TRIES = 3;

/** Runs one side of a scenario with fresh backends and nginx, and stops them whatever happens. */
export async function runSide(s: Scenario, side: 'broken' | 'fixed'): Promise<string> {
  const template = side === 'broken' ? s.broken : fixedConfig(s);
  const expectation = side === 'broken' ? s.expectBroken : s.expectFixed;
  const backends: Backend[] = [];
  const servers: NginxServer[] = [];
  try {
    for (const name of s.backends ?? ['a']) backends.push(await startBackend(name));
    let port = await freePort();
    let config = render(template, labValues(port, backends));
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
        for (let attempt = 1; ; attempt++) {
          try {
            const server = await startNginx(config, [port]);
            servers.push(server);
            return server;
          } catch (err) {
            // Another process may have taken the port between freePort() and nginx's bind().
            if (attempt >= START_TRIES || !/Address already in use/.test(String(err))) throw err;
            port = await freePort();
            config = render(template, labValues(port, backends));
          }
        }
      },
      test() {
        const { confPath, prefix } = writePrefix(config);
        return nginxTest(confPath, prefix);
      },
    };
    return await expectation(lab);
  } finally {
    await Promise.all(servers.map((n) => n.stop()));
    await Promise.all(backends.map((b) => b.stop()));
  }
}
