/** An option word split at its first `=`: `--rule=a=off` is `--rule` with the value written inline, `a=off`. */
export function splitOption(arg: string): { name: string; inline: string | undefined } {
  const eq = arg.indexOf('=');
  return eq === -1 ? { name: arg, inline: undefined } : { name: arg.slice(0, eq), inline: arg.slice(eq + 1) };
}
