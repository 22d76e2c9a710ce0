import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers point one way: core at the bottom, hub above it, cli on top; web talks to the hub over HTTP only. */
const layer = (files, forbidden, message, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'packages/hub/drizzle/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  layer(
    ['packages/core/**'],
    ['@cynex/hub', '@cynex/cli', '@cynex/web', 'fastify', 'drizzle-orm', 'node:*'],
    'core is pure domain: no I/O, no server imports',
    // its measuring scripts read files; they are tools beside the domain, not part of it
    ['packages/core/scripts/**'],
  ),
  layer(['packages/hub/**'], ['@cynex/cli', '@cynex/web'], 'the hub does not import the CLI or the console'),
  layer(
    ['packages/labs/**'],
    ['@cynex/hub', '@cynex/cli', '@cynex/web'],
    'labs run lab instances and grade them; the hub drives them, never the other way',
  ),
  layer(
    ['packages/courseware/**'],
    ['@cynex/hub', '@cynex/cli', '@cynex/web', '@cynex/labs'],
    'courseware is content and its validation: the hub serves it; labs and exercises are referenced by id only',
    // the test of the shipped content checks its lab and exercise ids against the real ones
    ['packages/courseware/test/**'],
  ),
  layer(['packages/web/**'], ['@cynex/hub', '@cynex/cli', 'node:*'], 'the console talks to the hub over HTTP only'),
  layer(['packages/hub/src/modules/*/*.service.ts'], ['fastify', '@fastify/*'], 'services never import Fastify'),
);
