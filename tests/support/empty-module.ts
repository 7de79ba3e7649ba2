// Stands in for `server-only` under Vitest: that package throws unless resolved
// with the react-server condition, which Vitest does not use (see vitest.config.ts).
export {};
