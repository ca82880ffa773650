// The worker thread's entry: plain JavaScript, so that it loads under any runner, registers the TypeScript loader
// the services run with (tsx), then loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
