import { readFileSync } from 'node:fs';

/**
 * Where the descriptor set lives: every file under proto/ and the files they import (google/protobuf/*), compiled
 * by `buf build --as-file-descriptor-set` with their real names, field names, declared dependencies and comments.
 * Written by `npm run proto:gen`, checked for drift by `npm run proto:check`.
 */
export const DESCRIPTOR_SET_URL = new URL('./gen/descriptor-set.binpb', import.meta.url);

let cached: Uint8Array | undefined;

/** The serialized google.protobuf.FileDescriptorSet of the contracts (what gRPC server reflection serves). */
export function descriptorSet(): Uint8Array {
  cached ??= new Uint8Array(readFileSync(DESCRIPTOR_SET_URL));
  return cached;
}
