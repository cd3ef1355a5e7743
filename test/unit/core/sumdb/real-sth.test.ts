// Real signed tree heads of sum.golang.org (sources in test/fixtures/sumdb/real/README.md) verify with the
// key built into go; altered copies — text, signature, key name — do not.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkNote } from "../../../../src/features/note.js";
import { REPO_ROOT } from "../../../support/gobuild.js";

const dir = join(REPO_ROOT, "test", "fixtures", "sumdb", "real");
const files = readdirSync(dir).filter((f) => f.endsWith(".note") || f.endsWith(".txt"));

test("at least five real tree heads, each verifying with the built-in key", () => {
  assert.ok(files.length >= 5);
  for (const f of files) {
    const r = checkNote(new Uint8Array(readFileSync(join(dir, f))));
    assert.equal(r.ok, true, `${f}: ${r.error}`);
    assert.deepEqual(r.signers, ["sum.golang.org+033de0ae"]);
    assert.match(f, new RegExp(f.startsWith("sth-") ? `^sth-${r.treeSize}\\.note$` : "^lookup-"));
  }
});

test("altered copies fail: a changed tree size, root, signature byte or signer name", () => {
  for (const f of files) {
    const text = readFileSync(join(dir, f), "utf8");
    const tree = text.indexOf("go.sum database tree\n") + "go.sum database tree\n".length;
    const sig = text.lastIndexOf(" ") + 10;
    const variants = [
      text.slice(0, tree) + (text[tree] === "1" ? "2" : "1") + text.slice(tree + 1),
      text.replace(
        /\n([A-Za-z0-9+/]{43}=)\n\n—/,
        (_m, h: string) => `\n${h[0] === "A" ? "B" : "A"}${h.slice(1)}\n\n—`,
      ),
      text.slice(0, sig) + (text[sig] === "A" ? "B" : "A") + text.slice(sig + 1),
      text.replace("— sum.golang.org ", "— sum.golang.orq "),
    ];
    for (const v of variants) {
      assert.notEqual(v, text);
      const r = checkNote(new TextEncoder().encode(v));
      assert.equal(r.ok, false, `${f} altered still verifies`);
    }
  }
});
