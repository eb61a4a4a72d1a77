import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.data', 'tmp', 'coverage'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // The arrows point one way: domain imports nothing of ours, workflow only domain, apps both, nothing an app.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:workflow', onlyDependOnLibsWithTags: ['scope:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:domain', 'scope:workflow'] },
            { sourceTag: 'type:tests', onlyDependOnLibsWithTags: ['scope:domain', 'scope:workflow', 'type:app'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The integration harness boots the Nest app in-process by design (ARCHITECTURE: "suites boot the Nest app"),
    // which the boundary rule would report as importing an app. Nothing else may import an app.
    files: ['tests/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/workflow/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      // Pure libraries: no frameworks and no I/O.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'nodemailer', 'react', 'react-dom', 'antd'], message: 'libs stay free of frameworks and I/O' },
            { group: ['node:fs', 'fs', 'node:http', 'http', 'node:net', 'net', 'node:child_process', 'child_process'], message: 'libs stay free of I/O' },
          ],
        },
      ],
    },
  },
  ...tseslint.config({ files: ['**/*.cjs', '**/*.mjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }),
];
