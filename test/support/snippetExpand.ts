/**
 * Expands a VS Code snippet body the way the editor inserts it when every placeholder keeps its default:
 * `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}` (first choice), `$0`, and `\$`, `\}`, `\\` escapes.
 * Snippet variables (`$TM_FILENAME`, ...) are not used by our snippets and are refused.
 */

type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] };

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw this.error('unexpected "}"');
    return nodes;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax: ${message} at offset ${this.pos} in ${JSON.stringify(this.src)}`);
  }

  /** Text and tab stops up to the end, or up to an unescaped `}` when inside a placeholder. */
  private sequence(inPlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && '$}\\'.includes(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (ch === '}' && inPlaceholder) {
        break;
      } else if (ch === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          this.pos++;
        }
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  /** A tab stop starting at `$`, or undefined when the `$` is plain text. */
  private dollar(): SnippetNode | undefined {
    const rest = this.src.slice(this.pos);
    const simple = /^\$(\d+)/.exec(rest);
    if (simple) {
      this.pos += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]) };
    }
    const braced = /^\$\{(\d+)([}:|])/.exec(rest);
    if (braced) {
      this.pos += braced[0].length;
      const index = Number(braced[1]);
      if (braced[2] === '}') return { kind: 'tabstop', index };
      if (braced[2] === ':') {
        const children = this.sequence(true);
        this.expect('}');
        return { kind: 'tabstop', index, children };
      }
      return { kind: 'tabstop', index, choices: this.choices() };
    }
    if (/^\$\{?[A-Za-z_]/.test(rest)) throw this.error('snippet variables are not supported');
    return undefined;
  }

  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && ',|\\'.includes(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (ch === ',') {
        options.push(current);
        current = '';
        this.pos++;
      } else if (ch === '|') {
        options.push(current);
        this.pos++;
        this.expect('}');
        return options;
      } else {
        current += ch;
        this.pos++;
      }
    }
    throw this.error('unterminated choice');
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw this.error(`expected "${ch}"`);
    this.pos++;
  }
}

export function parseSnippet(body: string): SnippetNode[] {
  return new SnippetParser(body).parse();
}

/**
 * The text a snippet inserts. `values` replaces a tab stop's default (every mirror of it too), as if the
 * user typed there; tab stops without a default anywhere expand to nothing.
 */
export function expandSnippet(body: string | string[], values: Record<number, string> = {}): string {
  const nodes = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  const defaults = new Map<number, SnippetNode[] | string>();
  const collect = (list: SnippetNode[]) => {
    for (const n of list) {
      if (n.kind !== 'tabstop') continue;
      if (n.children) {
        if (!defaults.has(n.index)) defaults.set(n.index, n.children);
        collect(n.children);
      } else if (n.choices && !defaults.has(n.index)) {
        defaults.set(n.index, n.choices[0] ?? '');
      }
    }
  };
  collect(nodes);
  for (const key of Object.keys(values)) {
    if (!defaults.has(Number(key))) throw new Error(`the snippet has no tab stop ${key} with a default to replace`);
  }

  const render = (list: SnippetNode[], seen: number[]): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.text;
        if (n.index in values) return values[n.index];
        if (seen.includes(n.index)) throw new Error(`tab stop ${n.index} contains itself`);
        const d = defaults.get(n.index);
        if (d === undefined) return '';
        return typeof d === 'string' ? d : render(d, [...seen, n.index]);
      })
      .join('');
  return render(nodes, []);
}
