/**
 * Bitwarden's notifications hub, at the path its clients fix: `/notifications/hub` (Vaultwarden serves the same).
 * Bitwarden's clients open it over WebSocket only and skip SignalR's negotiation, so no plain request, no streamed
 * fallback and no `/negotiate` request of theirs ever comes through it.
 */
export type BitwardenHubPart = 'hub' | 'negotiate';

/** Which part of Bitwarden's notifications hub a location path serves, if it is one: read from its last argument. */
export function bitwardenHubPart(locationArgs: string[]): BitwardenHubPart | undefined {
  const p = (locationArgs[locationArgs.length - 1] ?? '')
    .toLowerCase()
    .replace(/\\\//g, '/')
    .replace(/^\^/, '')
    .replace(/\/?\$?$/, '');
  if (/(^|\/)notifications\/hub$/.test(p)) return 'hub';
  if (/(^|\/)notifications\/hub\/negotiate$/.test(p)) return 'negotiate';
  return undefined;
}
