#!/usr/bin/env node
// Entry point of the `cordon` command. The project runs its TypeScript sources directly through tsx
// (esbuild), so there is no build step between a change and the command that uses it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv);
