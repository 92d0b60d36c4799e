// Code health (issue 13): import cycles, layers, and the TypeScript rules that catch real bugs.
// `npx eslint .` (run by .ci/run). Type-aware rules are left out: they would double the CI time.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const TEST_ONLY = { regex: '^(\\.\\./)+(test|scripts)/', message: 'test-only code stays under test/ and scripts/' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'output/**', 'coverage/**', '**/*.d.ts', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.mjs'], extensionAlias: { '.js': ['.ts', '.js'] } })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // CommonJS on purpose (a `node --require` preload)
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The shipped program never reads test code or the fixture makers.
    files: ['src/**/*.ts', 'schemas/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TEST_ONLY] }] },
  },
  {
    // lib/ is below everything: pure helpers that import nothing of the project.
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'lib/ imports nothing of the project' }] }] },
  },
  {
    // Readers are the bottom layer: they know files and pages, not the pipeline that uses them.
    files: ['extractors/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TEST_ONLY, { regex: '^(\\.\\./)+src/', message: 'extractors/ must not import src/: move the shared helper down (lib/)' }] }] },
  },
);
