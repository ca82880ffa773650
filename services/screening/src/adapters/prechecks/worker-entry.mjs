// The worker thread's entry when the service runs from its TypeScript sources (tsx, vitest): plain JavaScript, so
// that it loads under any runner, registers what the sources take (tsx and the source export condition), then
// loads the worker itself. Compiled, the pool starts dist/.../worker.js directly (runner.ts).
import '@cordon/platform/run-from-source';

await import('./worker.ts');
