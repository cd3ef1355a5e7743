/**
 * Preloaded into every test process (scripts/test.sh: node --import): every JSON.parse that yields a
 * goproxy-doctor document — a command's `--json` output, a webhook body, a file a command wrote — is checked
 * against its schema (documents.ts), so every JSON output the suites read is validated, in every test file.
 * With GPD_SCHEMA_STATS=FILE, each process appends how many documents each schema validated.
 */
import { appendFileSync } from "node:fs";
import { assertDocument, isDocument, validated } from "./documents.js";

const parse = JSON.parse;
JSON.parse = function parseAndValidate(text: string, reviver?: (key: string, value: unknown) => unknown) {
  const v = parse(text, reviver) as unknown;
  if (isDocument(v)) assertDocument(v);
  return v;
} as typeof JSON.parse;

const stats = process.env.GPD_SCHEMA_STATS;
if (stats !== undefined && stats !== "")
  process.on("exit", () => {
    for (const [id, n] of validated) appendFileSync(stats, `${id}\t${n}\n`);
  });
