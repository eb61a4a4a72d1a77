import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetDataJsonSchema } from '../schemas/budget.schema';

/** docs/budget-data.schema.json is generated (node scripts/metrics-schema.cjs); this fails when it is stale. */
describe('docs/budget-data.schema.json', () => {
  it('is what the zod schema generates', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'budget-data.schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(budgetDataJsonSchema(), null, 2)}\n`);
  });
});
