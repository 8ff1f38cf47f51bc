import * as fs from 'node:fs';

/** One `ngx_command_t` as compiled into an nginx binary: the name and the type flags `ngx_conf_handler` checks. */
export interface CompiledCommand {
  module: string;
  /** The module type: CORE, CONF, EVNT, HTTP, STRM or MAIL. */
  moduleType: string;
  name: string;
  type: number;
  /**
   * The `set` handler: its symbol name when the pointer is bound by name (a dynamic module calling into nginx,
   * e.g. `ngx_conf_set_flag_slot`), else its address as hex (the same for every user of a shared slot).
   */
  set: string;
}

/**
 * Reads the command tables out of an nginx executable or dynamic module (x86-64 ELF): every `ngx_module_t`
 * (found by its signature string "8,4,8,...") points at its `ngx_command_t` array. Pointers in a PIE are filled in by
 * R_X86_64_RELATIVE relocations, which are applied here. Module names come from the `ngx_module_names` array (the
 * executable) or from the dynamic symbol table (a module .so).
 */
export function readCommandTables(file: string): CompiledCommand[] {
  const elf = new Elf(fs.readFileSync(file));
  const modules = new Map<bigint, { type: string; commands: bigint }>();
  for (const sec of ['.data.rel.ro', '.data']) {
    const s = elf.sections.get(sec);
    if (!s) continue;
    for (let off = 0n; off + 80n <= s.size; off += 8n) {
      const v = s.addr + off;
      const sig = elf.ptr(v + 48n);
      if (sig === 0n || !elf.cstr(sig)?.startsWith('8,4,8,')) continue;
      modules.set(v, { type: elf.u32(v + 72n), commands: elf.ptr(v + 64n) });
    }
  }
  const names = elf.moduleNames(new Set(modules.keys()));
  const out: CompiledCommand[] = [];
  for (const [addr, m] of modules) {
    for (let c = m.commands; c !== 0n && elf.u64(c) !== 0n; c += 56n) {
      out.push({
        module: names.get(addr) ?? `module@${addr.toString(16)}`,
        moduleType: m.type,
        name: elf.cstr(elf.ptr(c + 8n)) ?? '',
        type: Number(elf.u64(c + 16n)),
        set: elf.symbolAt(c + 24n) ?? `0x${elf.ptr(c + 24n).toString(16)}`,
      });
    }
  }
  return out;
}

interface Section {
  name: string;
  type: number;
  addr: bigint;
  offset: bigint;
  size: bigint;
}

class Elf {
  readonly sections = new Map<string, Section>();
  private readonly list: Section[] = [];
  private readonly relative = new Map<bigint, bigint>();
  /** Slots bound to a named symbol (R_X86_64_64, R_X86_64_GLOB_DAT). */
  private readonly bound = new Map<bigint, string>();

  constructor(private readonly buf: Buffer) {
    if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
    const shoff = Number(buf.readBigUInt64LE(0x28));
    const shentsize = buf.readUInt16LE(0x3a);
    const shnum = buf.readUInt16LE(0x3c);
    const shstrndx = buf.readUInt16LE(0x3e);
    const raw = Array.from({ length: shnum }, (_, i) => {
      const o = shoff + i * shentsize;
      return {
        nameOff: buf.readUInt32LE(o),
        type: buf.readUInt32LE(o + 4),
        addr: buf.readBigUInt64LE(o + 16),
        offset: buf.readBigUInt64LE(o + 24),
        size: buf.readBigUInt64LE(o + 32),
      };
    });
    const strtab = raw[shstrndx];
    for (const r of raw) {
      const start = Number(strtab.offset) + r.nameOff;
      const name = buf.toString('latin1', start, buf.indexOf(0, start));
      const s: Section = { name, type: r.type, addr: r.addr, offset: r.offset, size: r.size };
      this.sections.set(name, s);
      this.list.push(s);
    }
    // SHT_RELA sections: R_X86_64_RELATIVE (8) sets *offset = base + addend; R_X86_64_64 (1) and GLOB_DAT (6)
    // bind the slot to a symbol of .dynsym.
    const dynsym = this.sections.get('.dynsym');
    const dynstr = this.sections.get('.dynstr');
    for (const s of this.list) {
      if (s.type !== 4) continue;
      for (let o = Number(s.offset); o < Number(s.offset + s.size); o += 24) {
        const info = buf.readBigUInt64LE(o + 8);
        const kind = Number(info & 0xffffffffn);
        if (kind === 8) this.relative.set(buf.readBigUInt64LE(o), buf.readBigInt64LE(o + 16));
        else if ((kind === 1 || kind === 6) && dynsym && dynstr) {
          const sym = Number(dynsym.offset) + Number(info >> 32n) * 24;
          const start = Number(dynstr.offset) + buf.readUInt32LE(sym);
          this.bound.set(buf.readBigUInt64LE(o), buf.toString('latin1', start, buf.indexOf(0, start)));
        }
      }
    }
  }

  /** File offset of a virtual address, in a section that has file contents (not .bss). */
  private fileOffset(v: bigint): number | undefined {
    for (const s of this.list) {
      if (s.type === 8 || s.addr === 0n) continue;
      if (v >= s.addr && v < s.addr + s.size) return Number(s.offset + (v - s.addr));
    }
    return undefined;
  }

  u64(v: bigint): bigint {
    const o = this.fileOffset(v);
    return o === undefined ? 0n : this.buf.readBigUInt64LE(o);
  }

  u32(v: bigint): string {
    const o = this.fileOffset(v);
    return o === undefined ? '' : this.buf.toString('latin1', o, o + 4);
  }

  symbolAt(v: bigint): string | undefined {
    return this.bound.get(v);
  }

  ptr(v: bigint): bigint {
    return this.relative.get(v) ?? this.u64(v);
  }

  cstr(v: bigint): string | undefined {
    const o = this.fileOffset(v);
    if (o === undefined) return undefined;
    return this.buf.toString('latin1', o, this.buf.indexOf(0, o));
  }

  /** Module struct address → name, from the dynamic symbols or from ngx_modules[] zipped with ngx_module_names[]. */
  moduleNames(modules: Set<bigint>): Map<bigint, string> {
    const names = new Map<bigint, string>();
    const dynsym = this.sections.get('.dynsym');
    const dynstr = this.sections.get('.dynstr');
    if (dynsym && dynstr) {
      for (let o = Number(dynsym.offset); o < Number(dynsym.offset + dynsym.size); o += 24) {
        const value = this.buf.readBigUInt64LE(o + 8);
        if (!modules.has(value)) continue;
        const start = Number(dynstr.offset) + this.buf.readUInt32LE(o);
        names.set(value, this.buf.toString('latin1', start, this.buf.indexOf(0, start)));
      }
    }
    if (names.size === modules.size) return names;
    // The longest run of pointers to module structs is ngx_modules[]; the longest run of "ngx_*_module" strings,
    // ngx_module_names[], in the same order.
    let order: bigint[] = [];
    let labels: string[] = [];
    for (const sec of ['.data.rel.ro', '.data']) {
      const s = this.sections.get(sec);
      if (!s) continue;
      let runA: bigint[] = [];
      let runB: string[] = [];
      for (let v = s.addr; v < s.addr + s.size; v += 8n) {
        const p = this.ptr(v);
        if (modules.has(p)) runA.push(p);
        else {
          if (runA.length > order.length) order = runA;
          runA = [];
        }
        const str = p === 0n ? undefined : this.cstr(p);
        if (str && /^ngx_\w+_module$/.test(str)) runB.push(str);
        else {
          if (runB.length > labels.length) labels = runB;
          runB = [];
        }
      }
      if (runA.length > order.length) order = runA;
      if (runB.length > labels.length) labels = runB;
    }
    if (order.length === labels.length) order.forEach((a, i) => names.set(a, labels[i]));
    return names;
  }
}
