/** One Jest run for the whole tree. Temporal and PostgreSQL are started once, in the global setup. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/', '/.slipway/'],
  transform: { '^.+\\.tsx?$': swc, '/node_modules/.+\\.m?js$': swc },
  // @octokit/rest, @octokit/auth-app and their dependencies ship ESM only; Jest (on Node 20) loads them
  // compiled to CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(@octokit|universal-user-agent|universal-github-app-jwt|toad-cache|before-after-hook|json-with-bigint|content-type)/)',
  ],
  globalSetup: '<rootDir>/scripts/lib/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/lib/jest-global-teardown.mjs',
  testTimeout: 120_000,
  // Temporal task queues are shared: test files run one at a time.
  maxWorkers: 1,
};
