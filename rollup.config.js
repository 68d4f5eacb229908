// One bundle per sub-action plus the CLI, written to the committed dist/.
// Shared code lands in dist/chunks so the entries stay small.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { rmSync } from 'node:fs'

/** @type {import('rollup').RollupOptions} */
const config = {
  input: {
    backup: 'src/actions/entries/backup.ts',
    prune: 'src/actions/entries/prune.ts',
    drill: 'src/actions/entries/drill.ts',
    verify: 'src/actions/entries/verify.ts',
    restore: 'src/actions/entries/restore.ts',
    status: 'src/actions/entries/status.ts',
    cli: 'src/cli/index.ts'
  },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name].js',
    banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    sourcemap: false
  },
  plugins: [
    // Rollup never deletes: without this, chunks an older build named stay in dist/
    // (dead code that is committed and shipped, and invisible to the dist-fresh check).
    { name: 'empty-dist', buildStart: () => rmSync('dist', { recursive: true, force: true }) },
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      noEmit: false,
      outDir: 'dist',
      declaration: false
    }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json()
  ],
  onwarn(warning, warn) {
    // Dependencies (@actions/*, azure sdk) use `this` at module top level and circular imports.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
}

export default config
