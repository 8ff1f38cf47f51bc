import * as fs from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes to standard output before returning. `process.stdout.write` queues in memory whatever a pipe cannot take
 * yet, so a report of a hundred megabytes read by a slower process was held whole by the time it was written.
 * Returns false once the reader has gone (EPIPE: `check | head`), and writes nothing after that.
 */
export function stdoutWriter(fd = 1): (s: string) => boolean {
  let closed = false;
  return (s) => {
    if (closed) return false;
    const bytes = Buffer.from(s, 'utf8');
    for (let off = 0; off < bytes.length; ) {
      try {
        off += fs.writeSync(fd, bytes, off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A non-blocking pipe that is full: wait for the reader a moment.
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 2);
        else if (code === 'EPIPE') return !(closed = true);
        else throw err;
      }
    }
    return true;
  };
}
