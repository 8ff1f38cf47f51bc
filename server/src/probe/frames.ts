// Minimal RFC 6455 framing: enough for a probe and a test client to exchange messages.
import { randomBytes } from 'node:crypto';

export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A data message put together from its fragments, or a control frame as it came. */
export interface Message {
  opcode: number;
  data: Buffer;
}

/** Clients must mask every frame they send (RFC 6455 §5.3); servers must not. */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean, fin = true): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  head[0] = (fin ? 0x80 : 0) | opcode;
  head[1] = (mask ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(len, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  key.copy(head, 2 + lenBytes);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ key[i & 3]!;
  return Buffer.concat([head, body]);
}

/** The payload of a close frame: status code then an optional UTF-8 reason. */
export function closePayload(code: number, reason = ''): Buffer {
  const buf = Buffer.alloc(2 + Buffer.byteLength(reason));
  buf.writeUInt16BE(code, 0);
  buf.write(reason, 2);
  return buf;
}

/** Turns a byte stream into messages; feed it whatever the socket delivers. */
export class MessageReader {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  push(chunk: Buffer): Message[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const out: Message[] = [];
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) {
      const message = this.assemble(frame);
      if (message) out.push(message);
    }
    return out;
  }

  private nextFrame(): Frame | undefined {
    const b = this.buffered;
    if (b.length < 2) return undefined;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const keyAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + len) return undefined;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ b[keyAt + (i & 3)]!;
    this.buffered = b.subarray(offset + len);
    return { fin: (b[0]! & 0x80) !== 0, opcode: b[0]! & 0x0f, payload };
  }

  private assemble(frame: Frame): Message | undefined {
    if (frame.opcode >= Opcode.close) return { opcode: frame.opcode, data: frame.payload };
    if (frame.opcode !== Opcode.continuation) this.fragmentOpcode = frame.opcode;
    this.fragments.push(frame.payload);
    if (!frame.fin) return undefined;
    const data = Buffer.concat(this.fragments);
    this.fragments = [];
    return { opcode: this.fragmentOpcode, data };
  }
}
