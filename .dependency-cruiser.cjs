// The layer rules of DESIGN.md §3, checked by `npm run lint` (scripts/test.mjs runs it too):
//   domain → engine → db/interop → services → http/cli → (bootstrap.ts, the composition root)
// web/src is the browser: it shares only src/domain with the server.

/** Test files may also import the shared helpers in test/ and any package (vitest, fast-check). */
const testFile = '\\.test\\.tsx?$';

/** Packages src/domain may use: pure and browser-safe (no I/O; the clock is never read, instants are passed in). */
const pureDomainPackages = ['^node_modules/luxon/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make the layers meaningless and module initialisation order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'src/domain is pure rules and types: it imports nothing from another layer or from web.',
      from: { path: '^src/domain/' },
      to: { path: '^(src|web)/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-no-packages-or-builtins',
      severity: 'error',
      comment: 'src/domain does no I/O: no Node built-ins, no data files (their types are fine), no packages but the pure ones listed above.',
      from: { path: '^src/domain/', pathNot: testFile },
      to: { pathNot: ['^(src|web)/', ...pureDomainPackages], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'engine-imports-only-domain',
      severity: 'error',
      comment: 'src/engine imports domain types only.',
      from: { path: '^src/engine/' },
      to: { path: '^(src|web)/', pathNot: '^src/(domain|engine)/' },
    },
    {
      name: 'engine-no-packages-or-builtins',
      severity: 'error',
      comment: 'src/engine is plain TypeScript over typed arrays: no packages, no Node built-ins except worker_threads.',
      from: { path: '^src/engine/', pathNot: testFile },
      to: { pathNot: ['^(src|web)/', '^(node:)?worker_threads$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'engine-threads-only-in-worker-pool',
      severity: 'error',
      comment: 'The kernel apart from the threads (STYLE.md): only engine/worker-pool.ts and *.worker.ts touch worker_threads.',
      from: { path: '^src/engine/', pathNot: ['^src/engine/worker-pool\\.ts$', '\\.worker\\.ts$'] },
      to: { path: '^(node:)?worker_threads$' },
    },
    {
      name: 'db-imports-only-domain',
      severity: 'error',
      comment: 'src/db imports domain and packages; services compose it with the other layers.',
      from: { path: '^src/db/' },
      to: { path: '^(src|web)/', pathNot: '^src/(domain|db)/' },
    },
    {
      name: 'interop-imports-only-domain',
      severity: 'error',
      comment: 'src/interop parses and serialises formats: domain and packages only.',
      from: { path: '^src/interop/' },
      to: { path: '^(src|web)/', pathNot: '^src/(domain|interop)/' },
    },
    {
      name: 'services-import-lower-layers',
      severity: 'error',
      comment: 'src/services compose domain, engine, db and interop; they never know HTTP, the CLI or the environment.',
      from: { path: '^src/services/' },
      to: { path: '^(src|web)/', pathNot: '^src/(domain|engine|db|interop|services)/' },
    },
    {
      name: 'http-imports-services',
      severity: 'error',
      comment: 'src/http is a thin edge: services, domain, config.ts and bootstrap.ts.',
      from: { path: '^src/http/' },
      to: { path: '^(src|web)/', pathNot: ['^src/(domain|services|http)/', '^src/(config|bootstrap)\\.ts$'] },
    },
    {
      name: 'cli-imports-services',
      severity: 'error',
      comment: 'src/cli is a thin edge: services, domain, config.ts, bootstrap.ts, and http to start the server.',
      from: { path: '^src/cli/' },
      to: { path: '^(src|web)/', pathNot: ['^src/(domain|services|http|cli)/', '^src/(config|bootstrap)\\.ts$'] },
    },
    {
      name: 'config-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/config.ts reads the environment; it may use domain types, nothing else of ours.',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^(src|web)/', pathNot: '^src/domain/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'The CLI is an entry point; nothing (not even bootstrap.ts) imports it but the test helpers that drive it.',
      from: { pathNot: ['^src/cli/', '^test/'] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-tests-import-test-helpers',
      severity: 'error',
      comment: 'test/ holds shared test helpers; only *.test.ts files may import them.',
      from: { path: '^(src|web)/', pathNot: testFile },
      to: { path: '^test/' },
    },
    {
      name: 'web-imports-only-domain',
      severity: 'error',
      comment: 'web/src runs in the browser: it shares only src/domain with the server and talks to it over the API.',
      from: { path: '^web/src/' },
      to: { path: '^(src|test|data)/', pathNot: '^src/domain/' },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'web/src runs in the browser, where Node built-ins do not exist.',
      from: { path: '^web/src/', pathNot: testFile },
      to: { dependencyTypes: ['core'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-not-to-dev-dependencies',
      severity: 'error',
      comment: 'The shipped server installs without devDependencies: src/ may use them in tests and as types only.',
      from: { path: '^src/', pathNot: testFile },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/src/api/schema\\.d\\.ts$', '(^|/)dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
