#!/usr/bin/env node
/*
 * npm run -s metrics -- <budget-data.json> [--thresholds thresholds.json] [--variant metric=variant …]
 *
 * Prints, as JSON on stdout, every metric the file allows (and what it skips, with why), the threshold flags and the
 * proposed findings (default thresholds unless --thresholds names a file with a list of thresholds), the check of
 * every reported figure, the reconciliation of two sources and the table sums. Every metric names the formula
 * (variant, 口径) it used and `variants` lists the one in use for each metric that has several; --variant picks one
 * (as a region's setting would; a threshold naming a variant picks it too). No server needed: it builds
 * libs/domain on first use (quietly, to stderr). Exit codes: 0 ok, 1 invalid input (paths on stderr), 2 usage/build.
 */
'use strict';
const fs = require('node:fs');
const { loadDomain } = require('./metrics-lib.cjs');

function usage(message) {
  process.stderr.write(`${message ? `${message}\n` : ''}usage: npm run -s metrics -- <budget-data.json> [--thresholds thresholds.json] [--variant metric=variant …]\n`);
  process.exit(2);
}

function readJson(file, what) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    usage(`cannot read the ${what} file ${file}: ${error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    process.stderr.write(`${file}: not valid JSON (${error.message})\n`);
    process.exit(1);
  }
}

function fail(file, issues) {
  process.stderr.write(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n`);
  for (const issue of issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const thresholdsIndex = args.indexOf('--thresholds');
const thresholdsFile = thresholdsIndex >= 0 ? args[thresholdsIndex + 1] : undefined;
if (thresholdsIndex >= 0 && !thresholdsFile) usage('--thresholds needs a file');
const optionValues = new Set(thresholdsIndex >= 0 ? [thresholdsIndex + 1] : []);
const variantChoices = {};
args.forEach((arg, index) => {
  if (arg !== '--variant') return;
  const choice = args[index + 1];
  const match = /^([a-z_]+)=([a-z_]+)$/.exec(choice ?? '');
  if (!match) usage('--variant needs metric=variant, e.g. --variant execution_rate=funds_available');
  variantChoices[match[1]] = match[2];
  optionValues.add(index + 1);
});
const positional = args.filter((arg, index) => !arg.startsWith('--') && !optionValues.has(index));
if (positional.length !== 1) usage();

const domain = loadDomain();
const dataFile = positional[0];
const data = domain.parseBudgetData(readJson(dataFile, 'budget data'));
if (!data.ok) fail(dataFile, data.issues);
let thresholds = domain.defaultThresholds();
if (thresholdsFile) {
  const parsed = domain.parseThresholds(readJson(thresholdsFile, 'thresholds'));
  if (!parsed.ok) fail(thresholdsFile, parsed.issues);
  thresholds = parsed.value;
}
const chosen = domain.variantChoicesSchema.safeParse(variantChoices);
if (!chosen.success) fail('--variant', chosen.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
const region = { ...domain.thresholdVariants(thresholds), ...chosen.data };
const analysis = domain.analyseBudget(data.value, thresholds, [], { region });
process.stdout.write(`${JSON.stringify({ file: dataFile, thresholds: thresholdsFile ?? 'defaults', ...analysis }, null, 2)}\n`);
