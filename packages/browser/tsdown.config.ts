import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'browser',
  target: 'es2020',
  fixedExtension: true,
  clean: true,
});
