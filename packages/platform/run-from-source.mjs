// Registers, in the calling thread, what running Cordon's TypeScript sources takes: tsx (esbuild) for the .ts
// files. The workspace packages resolve to their src/ by default; only the `@cordon/compiled` export condition (the
// image's `node --conditions=@cordon/compiled`) resolves them to the compiled dist/. Plain JavaScript, so it loads
// before any loader. Processes started with `node --import tsx` need none of it; entry points that cannot choose
// their flags (the `cordon` bin, a worker thread under tsx) import this first.
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
