// Entry point of the bundled command line (out/cli.js).
export {};
