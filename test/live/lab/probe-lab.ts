// One nginx for the probe tests: a plain and a TLS listener (a throwaway self-signed certificate for 127.0.0.1)
// in front of one backend, named `a`; the test gives the server's locations.
import * as fs from 'node:fs';
import { startBackend, type Backend } from './backend';
import { startOnFreePorts, type NginxServer } from './nginx-server';
import { selfSignedCert, type SelfSigned } from './tls';

/** The body of a working WebSocket location proxying to `backend`, indented for a location of the server below. */
export const upgradeTo = (backend: string): string => `proxy_pass http://${backend};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";`;

export interface ProbeLab {
  backend: Backend;
  nginx: NginxServer;
  cert: SelfSigned;
  port: number;
  tlsPort: number;
  stop(): Promise<void>;
}

/** Starts the backend and nginx; `locations(backend)` is the server's location blocks, indented by 8 spaces. */
export async function startProbeLab(locations: (backend: string) => string): Promise<ProbeLab> {
  const cert = selfSignedCert();
  let started: Backend | undefined;
  try {
    const backend = (started = await startBackend('a'));
    const { server: nginx, ports } = await startOnFreePorts(2, ([port, tlsPort]) => `events {}
http {
    server {
        listen 127.0.0.1:${port};
        listen 127.0.0.1:${tlsPort} ssl;
        ssl_certificate ${cert.certPath};
        ssl_certificate_key ${cert.keyPath};
${locations(backend.address)}
    }
}
`);
    const [port, tlsPort] = ports as [number, number];
    return {
      backend,
      nginx,
      cert,
      port,
      tlsPort,
      async stop() {
        await nginx.stop();
        await backend.stop();
        fs.rmSync(cert.dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await started?.stop();
    fs.rmSync(cert.dir, { recursive: true, force: true });
    throw err;
  }
}
