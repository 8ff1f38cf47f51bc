/**
 * The config every differential variant starts from (scripts/gen-conformance.mjs, differential.test.ts): nginx
 * accepts it as it is, and each variant puts its text at the slot of one context.
 */
export const BASE = `events {
    #events
}
#main
http {
    #http
    upstream backend {
        server 127.0.0.1:9000;
        #upstream
    }
    server {
        listen 127.0.0.1:8080;
        server_name conformance.test;
        #server
        location / {
            #location
        }
        location /if/ {
            if ($request_method = POST) {
                #if-location
            }
        }
        location /lmt/ {
            limit_except GET {
                #limit_except
            }
        }
        if ($request_method = PUT) {
            #if
        }
    }
}
`;

/** The base with `text` at the slot of `context`, indented as the slot is. */
export function slotted(context: string, text: string): string {
  const marker = new RegExp(`^( *)#${context.replace(/[-]/g, '\\-')}$`, 'm');
  const m = marker.exec(BASE);
  if (!m) throw new Error(`no slot for ${context}`);
  const lines = text.split('\n').map((l) => (l === '' ? l : m[1] + l)).join('\n');
  return BASE.slice(0, m.index) + lines + BASE.slice(m.index + m[0].length);
}
