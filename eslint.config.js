// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layout table of ../shared/DESIGN.md, as import bans per folder: a break fails `npm test`, not a
 * review. Each entry names what the folder must not reach and why. Cycles are caught by `npm run
 * lint:cycles` (dpdm), which, unlike ESLint's import plugins, also sees cycles of type-only imports.
 */
const layer = (folder, bans) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: bans.map(([group, message]) => ({ group: [group], message })) },
    ],
  },
});

const BOTS = [['**/bots/**', 'core/ and selectors/ never reach into bots/: the business steps sit on top of them.']];
const JOBS = [['**/jobs/**', 'Only jobs/ wires queues; nothing below it may import it.']];
const SELECTORS = [['**/selectors/**', 'core/ is plumbing shared by all; the CRM contract and page objects sit above it in selectors/.']];
const FIXTURES = [['**/fixtures/**', 'The local stack and the stand-in CRM are for tests and the demo, never for production code.']];
const QUEUE_AND_BROWSER = [
  ['bullmq', 'bots/ know nothing of queues: a processor in jobs/ calls the bot.'],
  ['playwright-core', 'bots/ never drive a browser themselves: page objects in selectors/ do.'],
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read settings through core/config; only the config loader touches process.env.',
        },
      ],
    },
  },
  {
    // The config loader and the local stack (which hands settings to child processes) may read the environment.
    files: ['core/config/**/*.ts', 'fixtures/local-stack/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  layer('bots', [...JOBS, ...FIXTURES, ...QUEUE_AND_BROWSER]),
  layer('selectors', [...BOTS, ...JOBS, ...FIXTURES]),
  layer('core', [...BOTS, ...JOBS, ...SELECTORS, ...FIXTURES]),
  layer('config', [
    ...BOTS,
    ...JOBS,
    ...SELECTORS,
    ...FIXTURES,
    ['**/core/**', 'config/ holds what a business user edits and its schema; it depends on nothing of ours.'],
  ]),
);
