// Reads the backend's two-event stream and tells whether the first event reached the client before
// the backend sent the second (backend and client share this process's clock).
import * as http from 'node:http';

export interface StreamTiming {
  firstArrivedAt: number;
  secondSentAt: number;
  /** The first event was held back until the stream's end. */
  heldBack: boolean;
}

export function readEventStream(port: number, path: string, timeoutMs = 10_000): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let text = '';
      let firstArrivedAt = 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        if (!firstArrivedAt && text.includes('\n\n')) firstArrivedAt = Date.now();
      });
      res.on('end', () => {
        const events = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { sentAt: number });
        if (events.length !== 2) return reject(new Error(`expected 2 events, got: ${text}`));
        const secondSentAt = events[1]!.sentAt;
        resolve({ firstArrivedAt, secondSentAt, heldBack: firstArrivedAt >= secondSentAt });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`event stream ${path} timed out`)));
    req.on('error', reject);
  });
}
