/**
 * The layers as code (`npm run lint:layers`, a CI step after the lint). The arrows between the projects (libs never
 * import an app, domain imports nothing of ours) are also checked by eslint's module-boundary rule; these rules add
 * the layers inside the api:
 *
 *   controller → service → repository → database        (a controller never runs SQL, a repository never calls up)
 *   infrastructure ← modules                              (database, queue, mail know no feature)
 *   feature adapters → workflow engine                    (the engine knows no lifecycle's module)
 *
 * A violation is fixed by moving code, not by loosening a rule.
 */
const API = '^apps/api/src/';

/** A forbidden arrow, an error in CI. */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('controller-not-repository', { path: `${API}modules/.+\\.controller\\.ts$` }, { path: '\\.repository\\.ts$' },
      'Controllers call services; SQL and its repositories are the services\' business (controllers → services → repositories).'),
    forbid('repository-not-service-or-controller', { path: '\\.repository\\.ts$' }, { path: '\\.(service|controller)\\.ts$' },
      'A repository is the bottom of a module: it runs SQL and names its rows, it never calls a service or a controller.'),
    forbid('infrastructure-not-modules', { path: `${API}infrastructure/` }, { path: `${API}modules/` },
      'infrastructure/ (database, queue, mail, excel, uploads) serves every module and knows none of them.'),
    forbid('engine-not-feature-modules', { path: `${API}modules/workflow/engine/` }, { path: `${API}modules/`, pathNot: `${API}modules/workflow/` },
      'The workflow engine runs every lifecycle through the adapters its feature modules register: the adapters depend on the engine, never the reverse.'),
    forbid('nothing-imports-web', { pathNot: '^apps/web/' }, { path: '^apps/web/' },
      'The web app is a leaf: the api, the libs and the tests talk to it over HTTP only.'),
    forbid('libs-free-of-apps', { path: '^libs/' }, { path: '^apps/' },
      'libs/domain and libs/workflow are shared by the api and the web; they import neither (eslint checks this too).'),
    forbid('not-to-unresolvable', {}, { couldNotResolve: true, pathNot: '^supertest/types$' },
      'An import that does not resolve would slip past every rule above. supertest/types is a type-only subpath that tsc finds in @types/supertest; the resolver does not look there.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|tmp)/' },
    tsPreCompilationDeps: true,
    // tsconfig.spec.json maps @evalflow/* to the libs' sources, so the arrows are checked before anything is built.
    tsConfig: { fileName: 'tsconfig.spec.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'],
    },
  },
};
