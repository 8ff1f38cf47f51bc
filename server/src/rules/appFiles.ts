import type { Directive } from '../parser/ast';
import { scopeDirectivesNamed, type Scope } from '../workspace/scope';
import { enclosingServer } from './serverBlocks';
import { locationPath } from './wsLocation';

/**
 * Locations whose answers an application fixes as files or redirects, never pages: Home Assistant's camera images
 * (`/api/camera_proxy/`, a path no other app uses), and Grafana's build files (`/public/`), avatar images
 * (`/avatar/`) and logout redirect (`/logout`), but only in a server that shows Grafana by its Live endpoint
 * (`/api/live/`), since those names alone could be anyone's.
 */
export function appServesFiles(location: Directive, scope: Scope): boolean {
  if (location.name !== 'location') return false;
  const path = (locationPath(location).at(-1) ?? '').toLowerCase();
  if (/^\/api\/camera_proxy(_stream)?\//.test(path)) return true;
  if (!/^\/(public|avatar)\/|^\/logout$/.test(path)) return false;
  const server = enclosingServer(scope);
  return server !== undefined && scopeDirectivesNamed(server, 'location').some((l) => (locationPath(l.directive).at(-1) ?? '').toLowerCase().startsWith('/api/live'));
}
