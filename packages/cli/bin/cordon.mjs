#!/usr/bin/env node
// Entry point of the `cordon` command. It runs the TypeScript sources directly through tsx (esbuild), with the
// workspace packages resolved to their sources, so there is no build step between a change and the command.
import '@cordon/platform/run-from-source';

const { main } = await import('../src/main.ts');
await main(process.argv);
