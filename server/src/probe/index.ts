export { probe, formatProbe, formatHead, type ProbeOptions, type ProbeOutcome, type ProbeResult } from './probe';
