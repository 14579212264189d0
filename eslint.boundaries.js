// @ts-check
/**
 * The one direction of dependency (DESIGN.md's flow), as ESLint `no-restricted-imports` blocks:
 * for each top-level folder under src/, the folders it may import. Anything else under src/ is a
 * back-import and fails `npm run lint`. Relative specifiers are matched by depth, so a file
 * src/<module>/a/b.ts reaching `../../<other>/…` is recognised exactly.
 */

/** Leaves every module may use. */
const LEAVES = ['vocabulary', 'common', 'config', 'observability', 'charts'];
const INFRA = ['database', 'queue', 'core', 'health'];
const TRADING = [
  'market-data',
  'analytics',
  'strategies',
  'risk',
  'execution',
  'overseer',
  'signals',
];

/** Every top-level entry of src/ (folders and the app's root files). */
export const SRC_ENTRIES = [
  'vocabulary',
  'common',
  'charts',
  'config',
  'observability',
  'database',
  'queue',
  'core',
  'health',
  'market-data',
  'analytics',
  'strategies',
  'risk',
  'execution',
  'overseer',
  'signals',
  'engine',
  'backtest',
  'subscribers',
  'billing',
  'narrative',
  'reports',
  'distribution',
  'record',
  'account',
  'archive',
  'admin',
  'sandbox',
  'cli',
  'demo',
  'app.module',
  'bootstrap',
  'main',
  'shutdown',
];

/** importer → what it may import besides itself. `market-data` may use only analytics' pure math. */
export const ALLOWED = {
  vocabulary: [],
  common: ['vocabulary'],
  charts: ['vocabulary', 'common'],
  config: ['vocabulary', 'common'],
  observability: ['vocabulary', 'common', 'config'],
  database: [...LEAVES],
  queue: [...LEAVES],
  health: [...LEAVES, 'core', 'database', 'queue'],
  core: [...LEAVES, 'database', 'queue', 'health', 'signals'],
  signals: ['vocabulary', 'common'],
  'market-data': [...LEAVES, ...INFRA, 'analytics/math'],
  analytics: [...LEAVES, ...INFRA, 'market-data'],
  strategies: [...LEAVES, ...INFRA, 'market-data', 'analytics'],
  risk: [...LEAVES, ...INFRA, 'market-data', 'analytics', 'strategies'],
  execution: [...LEAVES, ...INFRA, 'market-data', 'analytics', 'strategies', 'risk'],
  overseer: [...LEAVES, ...INFRA, 'market-data', 'analytics', 'strategies', 'risk', 'execution'],
  engine: [...LEAVES, ...INFRA, ...TRADING],
  backtest: [...LEAVES, ...INFRA, ...TRADING, 'engine'],
  subscribers: [...LEAVES, ...INFRA, 'signals'],
  billing: [...LEAVES, ...INFRA, 'signals', 'subscribers'],
  narrative: [...LEAVES, ...INFRA, 'signals', 'market-data', 'analytics', 'subscribers'],
  reports: [
    ...LEAVES,
    ...INFRA,
    'signals',
    'market-data',
    'analytics',
    'subscribers',
    'narrative',
    'record',
  ],
  distribution: [...LEAVES, ...INFRA, 'signals', 'subscribers', 'billing', 'narrative', 'reports'],
  /** Distribution's delivery times only through its own port (an adapter reads the table by SQL). */
  record: [...LEAVES, ...INFRA, 'signals', 'market-data'],
  /**
   * The compliance archive reads every table by SQL through the database layer; from subscribers
   * only the personal-data eraser port it provides. Only cli, demo and app.module import it.
   */
  archive: [...LEAVES, ...INFRA, 'subscribers'],
  /** The subscriber web pages: accounts and plans (subscribers, billing), signals at a tier's view. */
  account: [...LEAVES, ...INFRA, 'signals', 'subscribers', 'billing', 'distribution'],
  admin: SRC_ENTRIES.filter(
    (e) =>
      ![
        'sandbox',
        'archive',
        'cli',
        'demo',
        'app.module',
        'bootstrap',
        'main',
        'shutdown',
      ].includes(e),
  ),
  sandbox: SRC_ENTRIES.filter(
    (e) => !['archive', 'cli', 'demo', 'app.module', 'bootstrap', 'main', 'shutdown'].includes(e),
  ),
};

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ESLint config blocks: one per module and folder depth. */
export function boundaryBlocks() {
  const blocks = [];
  for (const [module, allowed] of Object.entries(ALLOWED)) {
    const partial = allowed.filter((a) => a.includes('/'));
    const forbidden = SRC_ENTRIES.filter(
      (e) => e !== module && !allowed.includes(e) && !partial.some((p) => p.startsWith(`${e}/`)),
    );
    for (let depth = 1; depth <= 6; depth++) {
      const up = `(?:\\.\\./){${depth}}`;
      const patterns = [];
      if (forbidden.length) {
        patterns.push({
          regex: `^${up}(?:${forbidden.map(esc).join('|')})(?:/|\\.js$)`,
          message: `src/${module} may not import this module: dependencies run one way (README "Architecture", eslint.boundaries.js).`,
        });
      }
      for (const p of partial) {
        const [top, sub] = p.split('/');
        patterns.push({
          regex: `^${up}${esc(top)}/(?!${esc(sub)}/)`,
          message: `src/${module} may import only ${p} of src/${top}.`,
        });
      }
      if (!patterns.length) continue;
      blocks.push({
        files: [`src/${module}/${'*/'.repeat(depth - 1)}*.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      });
    }
  }
  return blocks;
}
