import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'index.node': 'src/index.node.ts',
      node: 'src/node.ts',
      testing: 'src/testing/index.ts',
      decode: 'src/entries/decode.ts',
      verify: 'src/entries/verify.ts',
      'verify.node': 'src/entries/verify.node.ts',
    },
    format: ['esm', 'cjs'],
    dts: {
      entry: {
        index: 'src/index.ts',
        node: 'src/node.ts',
        testing: 'src/testing/index.ts',
        decode: 'src/entries/decode.ts',
        verify: 'src/entries/verify.ts',
      },
    },
    target: 'es2022',
    platform: 'neutral',
    sourcemap: false,
    clean: false,
    // Shared chunks: one copy of the decoder (and of setJitless's switch) per format, whichever
    // entries an app imports.
    splitting: true,
    treeshake: true,
    external: ['io-ts', 'fp-ts', 'fast-check', /^node:/],
    // Keep `node:` specifiers: Deno and Workers' nodejs_compat resolve built-ins only with the prefix.
    removeNodeProtocol: false,
  },
  {
    // The command-line tool: ESM only, Node only.
    entry: { cli: 'src/cli/main.ts', 'cli-worker': 'src/cli/worker.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'node',
    sourcemap: false,
    clean: false,
    splitting: false,
    external: ['io-ts', 'fp-ts', 'cac', /^node:/],
    removeNodeProtocol: false,
    banner: { js: '#!/usr/bin/env node' },
  },
])
