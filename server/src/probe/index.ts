export { probe, formatProbe, type ProbeOptions, type ProbeOutcome, type ProbeResult } from './probe';
export { RULE as PROBE_RULES } from './explain';
