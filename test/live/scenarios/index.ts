// Every live scenario, in the order of the results table.
import type { Scenario } from '../lab/scenario';
import { connectionHeader } from './connection-header';
import { connectionMapMissing } from './connection-map-missing';
import { endToEnd } from './end-to-end';
import { hardcodedConnection } from './hardcoded-connection';
import { headerInheritance } from './header-inheritance';
import { httpVersion } from './http-version';
import { readTimeout } from './read-timeout';
import { stickyUpstream } from './sticky-upstream';
import { streamBuffering } from './stream-buffering';
import { upgradeHeader } from './upgrade-header';
import { upgradeMapKeepalive } from './upgrade-map-keepalive';
import { upstreamKeepalive } from './upstream-keepalive';

export const scenarios: Scenario[] = [
  httpVersion,
  upgradeHeader,
  connectionHeader,
  connectionMapMissing,
  readTimeout,
  hardcodedConnection,
  stickyUpstream,
  headerInheritance,
  upstreamKeepalive,
  upgradeMapKeepalive,
  streamBuffering,
  endToEnd,
];
