import { directiveArgs } from './directive-args';
import { directiveContext } from './directive-context';
import { duplicateDirective } from './duplicate-directive';
import { invalidValueRule } from './invalid-value';
import { includeCycle } from './include-cycle';
import { includeLimit } from './include-limit';
import { includeNotFound } from './include-not-found';
import { needsModule } from './needs-module';
import { syntax } from './syntax';
import { template } from './template';
import type { Rule } from './types';
import { undefinedUpstream } from './undefined-upstream';
import { undefinedVariable } from './undefined-variable';
import { undefinedZone } from './undefined-zone';
import { unknownDirective } from './unknown-directive';
import { wsHttpVersion } from './ws-http-version';
import { wsUpgradeHeader } from './ws-upgrade-header';
import { wsConnectionHeader } from './ws-connection-header';
import { proxyConnectTimeout } from './proxy-connect-timeout';
import { proxySslVerify } from './proxy-ssl-verify';
import { sslLegacyProtocols } from './ssl-legacy-protocols';
import { stubStatusExposed } from './stub-status-exposed';
import { workerFdLimit } from './worker-fd-limit';
import { wsForwardedHeaders } from './ws-forwarded-headers';
import { wsHttp2 } from './ws-http2';
import { wsPlainHttp } from './ws-plain-http';
import { wsConnectionPassthrough } from './ws-connection-passthrough';
import { wsConnectionMap } from './ws-connection-map';
import { wsReadTimeout } from './ws-read-timeout';
import { wsSendTimeout } from './ws-send-timeout';
import { wsBuffering } from './ws-buffering';
import { wsStickyUpstream } from './ws-sticky-upstream';
import { wsPathOnly } from './ws-path-only';
import { proxySettingsUnused } from './proxy-settings-unused';
import { wsUpgradeAny } from './ws-upgrade-any';
import { headerInheritance } from './header-inheritance';
import { upstreamKeepalive } from './upstream-keepalive';
import { invalidProxyPass } from './invalid-proxy-pass';
import { invalidLimitConn } from './invalid-limit-conn';
import { invalidLimitReq } from './invalid-limit-req';
import { invalidIf } from './invalid-if';
import { duplicateUpstream } from './duplicate-upstream';
import { invalidErrorPage } from './invalid-error-page';
import { versionUnsupported } from './version-unsupported';
import { deprecatedDirective } from './deprecated-directive';
import { invalidBufferSizes } from './invalid-buffer-sizes';
import { invalidSplitClients } from './invalid-split-clients';
import { invalidGeo } from './invalid-geo';
import { invalidMap } from './invalid-map';
import { invalidUpstreamServer } from './invalid-upstream-server';
import { invalidListen } from './invalid-listen';
import { invalidRegex } from './invalid-regex';
import { invalidReturn } from './invalid-return';
import { invalidRewrite } from './invalid-rewrite';
import { invalidServerName } from './invalid-server-name';
import { invalidLocation } from './invalid-location';

/** The one registry of rules: diagnostics, code actions, the CLI and the docs all read it. */
export const rules: readonly Rule[] = [
  syntax,
  unknownDirective,
  needsModule,
  directiveContext,
  directiveArgs,
  duplicateDirective,
  invalidValueRule,
  includeNotFound,
  includeCycle,
  includeLimit,
  undefinedVariable,
  undefinedZone,
  undefinedUpstream,
  wsHttpVersion,
  wsUpgradeHeader,
  wsConnectionHeader,
  proxyConnectTimeout,
  proxySslVerify,
  sslLegacyProtocols,
  stubStatusExposed,
  workerFdLimit,
  wsForwardedHeaders,
  wsHttp2,
  wsPlainHttp,
  wsConnectionPassthrough,
  wsConnectionMap,
  wsReadTimeout,
  wsSendTimeout,
  wsBuffering,
  wsStickyUpstream,
  wsPathOnly,
  proxySettingsUnused,
  wsUpgradeAny,
  headerInheritance,
  upstreamKeepalive,
  template,
  invalidProxyPass,
  invalidReturn,
  invalidRewrite,
  invalidServerName,
  invalidLocation,
  invalidRegex,
  invalidListen,
  invalidUpstreamServer,
  invalidSplitClients,
  invalidGeo,
  invalidMap,
  invalidBufferSizes,
  invalidErrorPage,
  duplicateUpstream,
  invalidIf,
  invalidLimitReq,
  invalidLimitConn,
  versionUnsupported,
  deprecatedDirective,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
