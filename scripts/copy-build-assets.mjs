#!/usr/bin/env node
// The files the compiled packages read beside their code that `tsc -b` does not emit (it emits .ts only): copied
// from each src/ to the same place under dist/. Part of `npm run build`.
import { cpSync } from 'node:fs';

const ASSETS = [
  // gRPC server reflection serves it (packages/contracts/src/descriptors.ts reads it beside the module).
  'packages/contracts/src/gen/descriptor-set.binpb',
];

for (const source of ASSETS) cpSync(source, source.replace('/src/', '/dist/'));
console.log(`build: ${ASSETS.length} asset(s) copied into dist/`);
