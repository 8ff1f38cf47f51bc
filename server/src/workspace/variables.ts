import { getVariables } from '@nginx/reference-lib';

let exact: Set<string> | undefined;
let prefixes: string[] | undefined;

function load(): void {
  exact = new Set();
  prefixes = [];
  for (const v of getVariables()) {
    const name = v.name.replace(/^\$/, '');
    if (name.endsWith('_NAME')) prefixes.push(name.slice(0, -'NAME'.length));
    else exact.add(name);
  }
}

/** nginx's own variables: exact names (`$host`) and prefix forms (`$http_*`, `$arg_*`, ...), plus regex captures `$1`..`$9`. */
export function isBuiltinVariable(name: string): boolean {
  if (/^[0-9]+$/.test(name)) return true;
  if (!exact) load();
  if ((exact as Set<string>).has(name)) return true;
  return (prefixes as string[]).some((p) => name.startsWith(p) && name.length > p.length);
}
