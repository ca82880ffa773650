// Registers, in the calling thread, what running Cordon's TypeScript sources takes: tsx (esbuild) for the .ts
// files, and the `@cordon/source` export condition, so that the workspace packages resolve to their src/ and not
// to the compiled dist/ that plain `node` (the image) runs. Plain JavaScript, so it loads before any loader.
// Processes started with `node --conditions=@cordon/source --import tsx` need none of it; entry points that cannot
// choose their flags (the `cordon` bin, a worker thread) import this first.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
// Registered last, so it runs first: every resolution below it, tsx's included, sees the condition.
register('./source-condition.mjs', import.meta.url);
