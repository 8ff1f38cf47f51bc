// Entry point of the bundled language server (out/server.js).
export {};
