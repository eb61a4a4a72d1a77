import seed000 from './fixtures/seed-000-budget.json';
import seed003 from './fixtures/seed-003-budget.json';
import catalogueExample from './fixtures/catalogue-example-budget.json';

/**
 * The budget data of the reference reports, entered as they print it (万元): seed 000 (a key evaluation with every
 * table of DOMAIN §4) and seed 003's self-evaluation header. The metrics specs, the CLI example, the API suite and
 * the demo evaluation all read these same files, so the figures live in one place. `catalogueExample` fills every
 * field of the format (issue 14) with round figures whose metrics metric-catalog.spec.ts derives by hand.
 */
export const REFERENCE_BUDGET_DATA = Object.freeze({ seed000: seed000 as unknown, seed003: seed003 as unknown, catalogueExample: catalogueExample as unknown });
