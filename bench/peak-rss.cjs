// Preloaded into a measured process (`node --require bench/peak-rss.cjs ...`): at exit, its peak resident set size
// goes to the file BENCH_RSS_FILE names. The measured code runs unchanged.
'use strict';
const fs = require('fs');
const out = process.env.BENCH_RSS_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
