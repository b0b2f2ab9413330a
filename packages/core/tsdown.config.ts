import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    models: 'src/models/index.ts',
    'ledger-kit': 'src/ledger/kit.ts',
    node: 'src/node/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  fixedExtension: true,
  clean: true,
});
