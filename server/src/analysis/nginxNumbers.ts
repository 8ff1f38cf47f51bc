/**
 * nginx's number parsers (src/core/ngx_parse.c, ngx_string.c) on a 64-bit build, where NGX_MAX_INT_T_VALUE,
 * NGX_MAX_SIZE_T_VALUE and NGX_MAX_OFF_T_VALUE are all 2^63 - 1. BigInt keeps their overflow checks exact.
 * Each returns undefined where nginx's returns NGX_ERROR.
 */
const MAX = (1n << 63n) - 1n;

/** ngx_atoi (and ngx_atosz, ngx_atoof): decimal digits only, no sign, no spaces. */
export function nginxAtoi(text: string): bigint | undefined {
  if (text.length === 0) return undefined;
  let value = 0n;
  for (const ch of text) {
    if (ch < '0' || ch > '9') return undefined;
    value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (value > MAX) return undefined;
  }
  return value;
}

const K = 1024n;

/** ngx_parse_size (`k`/`m`) and ngx_parse_offset (also `g`): one optional unit letter, either case, at the end. */
function parseScaled(text: string, units: string): bigint | undefined {
  if (text.length === 0) return undefined;
  const u = units.indexOf(text[text.length - 1].toLowerCase());
  const scale = u < 0 ? 1n : K ** BigInt(u + 1);
  const n = nginxAtoi(u < 0 ? text : text.slice(0, -1));
  if (n === undefined || n > MAX / scale) return undefined;
  return n * scale;
}

export function parseNginxSize(text: string): bigint | undefined {
  return parseScaled(text, 'km');
}

export function parseNginxOffset(text: string): bigint | undefined {
  return parseScaled(text, 'kmg');
}

/** Steps of ngx_parse_time: a unit may only follow larger ones. */
const Step = { Start: 0, Year: 1, Month: 2, Week: 3, Day: 4, Hour: 5, Min: 6, Sec: 7, Msec: 8, Last: 9 } as const;

const SECONDS: Partial<Record<string, [number, bigint]>> = {
  y: [Step.Year, 365n * 86400n],
  M: [Step.Month, 30n * 86400n],
  w: [Step.Week, 7n * 86400n],
  d: [Step.Day, 86400n],
  h: [Step.Hour, 3600n],
  m: [Step.Min, 60n],
  s: [Step.Sec, 1n],
};

/**
 * ngx_parse_time: seconds when `isSec`, else milliseconds. Units largest first (`1h 30m`), `ms` only for
 * milliseconds, `y` and `M` only for seconds; a bare number at the end is seconds; every part and the sum must fit.
 */
export function parseNginxTime(text: string, isSec: boolean): bigint | undefined {
  let step: number = isSec ? Step.Start : Step.Month;
  let value = 0n;
  let total = 0n;
  let valid = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i++];
    if (ch >= '0' && ch <= '9') {
      value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
      if (value > MAX) return undefined;
      valid = true;
      continue;
    }
    let scale: bigint;
    if (ch === 'm' && text[i] === 's') {
      if (isSec || step >= Step.Msec) return undefined;
      i++;
      step = Step.Msec;
      scale = 1n;
    } else if (ch === ' ') {
      if (step >= Step.Sec) return undefined;
      step = Step.Last;
      scale = 1n;
    } else {
      const unit = SECONDS[ch];
      if (!unit) return undefined;
      const [next, seconds] = unit;
      if (next === Step.Year ? step > Step.Start : step >= next) return undefined;
      step = next;
      scale = seconds;
    }
    // nginx scales max down by 1000 (integer division) rather than checking the product.
    let max = MAX / scale;
    if (step !== Step.Msec && !isSec) {
      scale *= 1000n;
      max /= 1000n;
    }
    if (value > max) return undefined;
    value *= scale;
    if (total > MAX - value) return undefined;
    total += value;
    value = 0n;
    while (text[i] === ' ') i++;
  }
  if (!valid) return undefined;
  if (!isSec) {
    if (value > MAX / 1000n) return undefined;
    value *= 1000n;
  }
  if (total > MAX - value) return undefined;
  return total + value;
}
