#!/usr/bin/env node
/*
 * Writes docs/lifecycles/*.md from the workflow definitions (ARCHITECTURE rule 1: diagrams are generated, never drawn).
 * Thin on purpose: the rendering lives in libs/workflow (renderLifecycleDocs) so the docs spec compares the same output.
 *
 *   node scripts/generate-diagrams.cjs          write the pages
 *   node scripts/generate-diagrams.cjs --check  exit 1 and name every stale, missing or extra page (CI)
 *
 * Needs the built library: npx tsc -b libs/workflow/tsconfig.lib.json
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'docs', 'lifecycles');
const check = process.argv.includes('--check');

let workflow;
try {
  workflow = require(path.join(root, 'libs', 'workflow', 'dist', 'index.js'));
} catch (error) {
  console.error(`cannot load libs/workflow/dist (${error.message}); build it first: npx tsc -b libs/workflow/tsconfig.lib.json`);
  process.exit(2);
}

const files = workflow.renderLifecycleDocs();
const expected = new Set(files.map((f) => f.fileName));
const relative = (name) => path.relative(root, path.join(outDir, name));

if (check) {
  const problems = [];
  for (const { fileName, content } of files) {
    const file = path.join(outDir, fileName);
    if (!fs.existsSync(file)) problems.push(`missing: ${relative(fileName)}`);
    else if (fs.readFileSync(file, 'utf8') !== content) problems.push(`stale: ${relative(fileName)}`);
  }
  const present = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((name) => name.endsWith('.md')) : [];
  for (const name of present) if (!expected.has(name)) problems.push(`not generated (remove it): ${relative(name)}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('run: npx tsc -b libs/workflow/tsconfig.lib.json && node scripts/generate-diagrams.cjs');
    process.exit(1);
  }
  console.log(`docs/lifecycles is up to date (${files.length} files)`);
} else {
  fs.mkdirSync(outDir, { recursive: true });
  for (const { fileName, content } of files) {
    const file = path.join(outDir, fileName);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current !== content) {
      fs.writeFileSync(file, content);
      console.log(`wrote ${relative(fileName)}`);
    }
  }
  console.log(`docs/lifecycles: ${files.length} files`);
}
