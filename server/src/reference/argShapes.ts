import type { ArgSpec } from './types';

/** The argument counts of hand-written directive rows, named once for the tables of third-party modules. */
export const one: ArgSpec = { kind: 'take', counts: [1] };
export const two: ArgSpec = { kind: 'take', counts: [2] };
export const none: ArgSpec = { kind: 'take', counts: [0] };
export const flag: ArgSpec = { kind: 'flag' };
export const more1: ArgSpec = { kind: 'more', min: 1 };
export const more2: ArgSpec = { kind: 'more', min: 2 };
export const any: ArgSpec = { kind: 'any' };
export const take = (...counts: number[]): ArgSpec => ({ kind: 'take', counts });
