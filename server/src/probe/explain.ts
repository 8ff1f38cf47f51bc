// Turns what a probe saw into the likely cause, named by the rule ids of our diagnostics.
import type { HandshakeFailure } from './handshake';

export const RULE = {
  httpVersion: 'ws-http-version',
  upgradeHeader: 'ws-upgrade-header',
  connectionHeader: 'ws-connection-header',
  readTimeout: 'ws-read-timeout',
} as const;

export interface Explanation {
  explanation: string;
  rules: string[];
}

/** What the probe observed, reduced to what the explanation depends on. */
export type Observation =
  | { kind: 'failure'; failure: HandshakeFailure; detail: string; timeoutMs: number }
  | { kind: 'upgraded'; acceptValid: boolean; closedAfterMs?: number; closeCode?: number; watchedMs: number }
  | { kind: 'status'; status: number; headers: Record<string, string>; body: string };

const HEADER_RULES = [RULE.upgradeHeader, RULE.connectionHeader, RULE.httpVersion];
const HEADER_ADVICE =
  'The location that proxies this path needs `proxy_http_version 1.1`, `proxy_set_header Upgrade $http_upgrade` ' +
  'and `proxy_set_header Connection` set to "upgrade" (or a map\'s $connection_upgrade).';

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function explain(o: Observation): Explanation {
  switch (o.kind) {
    case 'failure':
      return explainFailure(o.failure, o.detail, o.timeoutMs);
    case 'upgraded':
      return explainUpgraded(o);
    case 'status':
      return explainStatus(o.status, o.headers, o.body);
  }
}

function explainFailure(failure: HandshakeFailure, detail: string, timeoutMs: number): Explanation {
  switch (failure) {
    case 'connect-error':
      return { explanation: `Could not connect: ${detail}. Nothing accepts connections at that address and port.`, rules: [] };
    case 'tls-error':
      return {
        explanation: `The TLS handshake failed: ${detail}. Is this port serving TLS (wss://), and is its certificate trusted?`,
        rules: [],
      };
    case 'timeout':
      return {
        explanation: `No response within ${s(timeoutMs)}: the server (or the backend behind nginx) accepted the connection but never answered the handshake.`,
        rules: [],
      };
    case 'no-response':
      return {
        explanation: `The server closed the connection without an answer (${detail}): for example \`return 444\`, a plain request on a TLS port of another server, or a backend that crashed.`,
        rules: [],
      };
    case 'bad-response':
      return { explanation: `The server's answer is not HTTP: ${detail}.`, rules: [] };
  }
}

function explainUpgraded(o: Extract<Observation, { kind: 'upgraded' }>): Explanation {
  if (!o.acceptValid) {
    return {
      explanation: '101, but Sec-WebSocket-Accept does not match the key sent: something between rewrote the handshake; browsers will refuse it.',
      rules: [],
    };
  }
  if (o.closedAfterMs === undefined) {
    return { explanation: `Upgraded (101); the connection stayed open for the ${s(o.watchedMs)} watched.`, rules: [] };
  }
  if (o.closeCode !== undefined) {
    return {
      explanation: `Upgraded (101); the server ended the session after ${s(o.closedAfterMs)} with close code ${o.closeCode}: the application closed it, not a proxy timeout.`,
      rules: [],
    };
  }
  const nearDefault = Math.abs(o.closedAfterMs - 60_000) < 2_000 ? ' That is nginx\'s default of 60 s.' : '';
  return {
    explanation:
      `Upgraded (101), then the TCP connection was dropped without a close frame after ${s(o.closedAfterMs)} of silence. ` +
      `nginx closes an upgraded connection when nothing passes either way for proxy_read_timeout.${nearDefault} ` +
      'Raise proxy_read_timeout above the longest quiet period, or send heartbeats more often than it.',
    rules: [RULE.readTimeout],
  };
}

function explainStatus(status: number, headers: Record<string, string>, body: string): Explanation {
  if (status === 400 && /plain HTTP request was sent to HTTPS port/i.test(body)) {
    return { explanation: '400 from nginx: this port expects TLS. Use wss://.', rules: [] };
  }
  if (status >= 200 && status < 300) {
    return {
      explanation: `${status} instead of 101: the backend answered as to a plain HTTP request, so the upgrade was lost on the way. ${HEADER_ADVICE}`,
      rules: HEADER_RULES,
    };
  }
  if (status === 426) {
    return {
      explanation: `426 Upgrade Required: the backend wants a WebSocket handshake but did not receive one. ${HEADER_ADVICE}`,
      rules: HEADER_RULES,
    };
  }
  if (status === 400) {
    return {
      explanation:
        '400 Bad Request: the handshake was refused. Behind nginx this is typically a backend that received the upgrade ' +
        'over HTTP/1.0 (nginx\'s default before 1.29.7; RFC 6455 requires 1.1) or without Upgrade/Connection. ' +
        HEADER_ADVICE,
      rules: [RULE.httpVersion, RULE.upgradeHeader, RULE.connectionHeader],
    };
  }
  if (status >= 300 && status < 400) {
    const to = headers['location'] ? ` to ${headers['location']}` : '';
    return { explanation: `${status}: the handshake was redirected${to}. WebSocket clients do not follow redirects: probe the final URL.`, rules: [] };
  }
  if (status === 401 || status === 403) {
    return { explanation: `${status}: the request was refused by access control, before any upgrade.`, rules: [] };
  }
  if (status === 404) {
    return { explanation: '404: nothing serves this path: check the location that should proxy it and the backend\'s route.', rules: [] };
  }
  if (status === 502) {
    return {
      explanation:
        '502 Bad Gateway: nginx got no valid answer from the backend: it is down or unreachable, refused the connection, ' +
        'or closed it without answering. nginx\'s error log names which ("connect() failed", "upstream prematurely closed").',
      rules: [],
    };
  }
  if (status === 504) {
    return {
      explanation: '504 Gateway Timeout: the backend did not answer the handshake within proxy_connect_timeout / proxy_read_timeout.',
      rules: [],
    };
  }
  return { explanation: `${status} instead of 101: the server did not upgrade the connection.`, rules: [] };
}
