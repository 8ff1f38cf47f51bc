/**
 * How a config file's bytes become text that formats back to the same bytes: UTF-8 when the file is valid UTF-8,
 * else Latin-1 (one character per byte). The formatter only changes ASCII whitespace, so any other byte, such
 * as a comment in a legacy encoding, is written back exactly.
 */
export type ConfigEncoding = 'utf8' | 'latin1';

export function decodeConfig(buf: Buffer): { text: string; encoding: ConfigEncoding } {
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(buf)) return { text, encoding: 'utf8' };
  return { text: buf.toString('latin1'), encoding: 'latin1' };
}

export function encodeConfig(text: string, encoding: ConfigEncoding): Buffer {
  return Buffer.from(text, encoding);
}
