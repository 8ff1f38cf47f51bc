export { probe, formatProbe, type ProbeOptions, type ProbeOutcome, type ProbeResult } from './probe';
