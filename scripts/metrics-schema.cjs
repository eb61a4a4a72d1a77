#!/usr/bin/env node
/*
 * Writes docs/budget-data.schema.json from the zod schema of the budget data (libs/domain budgetDataJsonSchema).
 *
 *   node scripts/metrics-schema.cjs          write it
 *   node scripts/metrics-schema.cjs --check  exit 1 if the committed file is stale
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { root, loadDomain } = require('./metrics-lib.cjs');

const target = path.join(root, 'docs', 'budget-data.schema.json');
const text = `${JSON.stringify(loadDomain().budgetDataJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    process.stderr.write('docs/budget-data.schema.json is stale: run node scripts/metrics-schema.cjs\n');
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
  process.stderr.write(`wrote ${path.relative(root, target)}\n`);
}
