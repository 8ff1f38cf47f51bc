// Short, comparable descriptions of what a test saw, for assertions' messages and the results table.
import type { BackendReport } from './backend';
import { reportOf, type HandshakeOutcome } from './client';

export function describeAnswer(out: HandshakeOutcome): string {
  if (out.status === 101) return '101';
  const report = reportOf(out);
  if (!report) return `${out.status}`;
  return `${out.status}, backend saw a plain ${describeRequest(report)}`;
}

export function describeRequest(r: BackendReport): string {
  const header = (v: string | null): string => (v === null ? '(none)' : v);
  return `HTTP/${r.httpVersion} request, Connection: ${header(r.connection)}, Upgrade: ${header(r.upgrade)}`;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
