#!/usr/bin/env node
// Thin launcher: the CLI is bundled into dist/cli/ by `npm run build` (source: src/cli/main.ts).
import { main } from "../dist/cli/cli.js";

// Exit as soon as the output is flushed: waiting for the event loop to drain lets V8 finish background
// compilation first, which cost ~100 ms after every command's work was done.
const exit = (code) => {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
};

main(process.argv.slice(2)).then(exit, (err) => {
  process.stderr.write(`goproxy-doctor: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  exit(2);
});
