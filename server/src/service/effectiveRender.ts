import * as path from 'node:path';
import type { EffectiveConfig, HeaderRow, Origin, SettingRow } from './effectiveConfig';

function originText(o: Origin, note?: string): string {
  if (o.kind === 'default') return note ?? "nginx's default";
  if (o.kind === 'here') return o.where ?? 'here';
  return `${o.level ?? 'http'}, ${o.where ?? ''}`;
}

function idleText(idle: SettingRow): string {
  const from = idle.origin.kind === 'default' ? 'default' : idle.origin.kind === 'here' ? `set at ${idle.origin.where ?? ''}` : `from ${originText(idle.origin)}`;
  return `idle connections close after ${idle.value} (proxy_read_timeout ${from})`;
}

/** The answer to "will a WebSocket work here, and for how long idle", in one line (without Markdown). */
export function headline(c: EffectiveConfig): string {
  const w = c.websocket;
  if (!w) {
    return c.kind === 'server'
      ? 'server: the values below apply to its locations unless they set their own'
      : 'WebSocket: no — this location has no proxy_pass';
  }
  if (w.answer === 'no') return `WebSocket: no — ${w.parts.join('; ')}`;
  const answer = w.answer === 'yes' ? 'yes' : 'unsure';
  return `WebSocket: ${answer} — ${w.parts.join(', ')}; ${idleText(c.idle)}`;
}

const code = (s: string): string => `\`${s.replace(/`/g, "'") || ' '}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|');
const headerLine = (h: HeaderRow): string => `${h.name} ${h.value === '' ? '""' : h.value}`;

function rows(c: EffectiveConfig): [string, string, string][] {
  const out: [string, string, string][] = [];
  if (c.proxyPass) out.push(['proxy_pass', c.proxyPass.target, c.proxyPass.where]);
  for (const s of c.settings) out.push([s.name, s.value, originText(s.origin, s.note)]);
  return out;
}

const headerWhere = (h: HeaderRow): string => `${originText(h.origin)}${h.empty ? ', empty: not sent' : ''}`;

function upstreamLines(c: EffectiveConfig): string[] {
  const u = c.upstream;
  if (!u) return [];
  return [
    `upstream ${u.name} (${u.where}): ${u.servers.length ? u.servers.join(', ') : 'no server lines'}`,
    `balancing: ${u.balancing}; keepalive: ${u.keepalive ?? 'off (a new connection per request)'}`,
  ];
}

/** Markdown for a hover: the headline first, then tables (VS Code renders hover Markdown without HTML). */
export function effectiveMarkdown(c: EffectiveConfig): string {
  const [head, ...rest] = headline(c).split(' — ');
  // Values come from the config: a `*` or `<` in them must not turn into emphasis or markup.
  const tail = rest.join(' — ').replace(/[*<`[\]\\]/g, (ch) => `\\${ch}`);
  const parts = [`**${head}**${rest.length ? ` — ${tail}` : ''}`, `Effective configuration of ${code(c.title)} (line ${c.line})`];
  parts.push(['| directive | value | from |', '|---|---|---|', ...rows(c).map(([n, v, w]) => `| ${code(n)} | ${cell(code(v))} | ${cell(w)} |`)].join('\n'));
  parts.push(['| header sent | value | from |', '|---|---|---|', ...c.headers.map((h) => `| ${code(h.name)} | ${cell(code(h.value))} | ${cell(headerWhere(h))} |`)].join('\n'));
  if (c.dropped.length > 0) {
    parts.push(`**Dropped by inheritance** (this ${c.kind} sets its own proxy_set_header): ${c.dropped.map((h) => `${code(headerLine(h))} (${h.level}, ${h.origin.where ?? ''})`).join(', ')}`);
  }
  const u = upstreamLines(c);
  if (u.length) parts.push(`**${u[0].replace(/ \(/, '** (')} · ${u[1]}`);
  return parts.join('\n\n');
}

function table(list: string[][], indent: string): string[] {
  const widths = list[0]?.map((_, i) => Math.max(...list.map((r) => r[i]?.length ?? 0))) ?? [];
  return list.map((r) => `${indent}${r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

/** Plain text for the terminal and the editor's read-only document. */
export function effectiveText(c: EffectiveConfig, cwd?: string): string {
  const file = cwd ? path.relative(cwd, c.file) || c.file : c.file;
  const out = [`${c.title} (${file}:${c.line})`, headline(c), '', ...table(rows(c), '')];
  out.push('', 'Headers sent to the backend:', ...table(c.headers.map((h) => [h.name, h.value === '' ? '""' : h.value, headerWhere(h)]), '  '));
  if (c.dropped.length > 0) {
    out.push('', `Dropped by inheritance (this ${c.kind} sets its own proxy_set_header):`, ...table(c.dropped.map((h) => [headerLine(h), `${h.level}, ${h.origin.where ?? ''}`]), '  '));
  }
  const u = upstreamLines(c);
  if (u.length) out.push('', ...u);
  return `${out.join('\n')}\n`;
}
