// Mutation testing of the trusted kernel (npm run mutation; not part of npm test).
// A surviving mutant in src/kernel/ is a check that no test exercises. One file at a time:
//   npx stryker run --mutate src/kernel/checks/kl0.ts --testFiles 'test/kernel/checks/**/*.test.ts'
// Scores and the exact commands are recorded in docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  // Kernel code is tested by the kernel tests; the certify/CLI tests exercise it only indirectly.
  testFiles: ['test/kernel/**/*.test.ts'],
  mutate: ['src/kernel/**/*.ts', 'src/verify/**/*.ts'],
  coverageAnalysis: 'perTest',
  // The certify tests build certificates at collection time: static mutants would need a full rerun.
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 10_000,
  timeoutFactor: 3,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
};
