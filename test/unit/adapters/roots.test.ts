import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generate } from "selfsigned";
import { CERT_FILES, goRoots } from "../../../src/adapters/machine/roots.js";

let dir: string;
let a: string;
let b: string;
let c: string;
const fp = (pem: string) => new X509Certificate(pem).fingerprint256;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "goproxy-doctor-roots-"));
  const gen = async (cn: string) =>
    (await generate([{ name: "commonName", value: cn }], { keyType: "ec", algorithm: "sha256" })).cert;
  [a, b, c] = await Promise.all([gen("Root A"), gen("Root B"), gen("Root C")]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("SSL_CERT_FILE replaces the bundle list; blocks go skips are skipped; duplicates are dropped", () => {
  const bundle = join(dir, "bundle.pem");
  const withHeaders = a.replace(
    "-----BEGIN CERTIFICATE-----\n",
    "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n",
  );
  const key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  const garbage = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
  writeFileSync(bundle, `junk before\n${a}${key}${withHeaders}${garbage}${b}${a}`);
  const empty = join(dir, "empty");
  mkdirSync(empty);
  const r = goRoots({ SSL_CERT_FILE: bundle, SSL_CERT_DIR: empty });
  assert.deepEqual(r.files, [bundle]);
  assert.deepEqual(r.dirs, [empty]);
  assert.deepEqual(r.pems.map(fp), [fp(a), fp(b)]);
  assert.ok(
    r.pems.every(
      (p) => p.startsWith("-----BEGIN CERTIFICATE-----\n") && p.endsWith("-----END CERTIFICATE-----\n"),
    ),
  );
  assert.equal(r.source, `SSL_CERT_FILE=${bundle}; SSL_CERT_DIR=${empty}`);
});

test("SSL_CERT_DIR: colon-separated, missing directories skipped, same-directory symlinks omitted", () => {
  const d1 = join(dir, "d1");
  const d2 = join(dir, "d2");
  mkdirSync(d1);
  mkdirSync(d2);
  writeFileSync(join(d1, "b.pem"), b);
  symlinkSync("b.pem", join(d1, "0a1b2c3d.0")); // c_rehash style: go skips it
  writeFileSync(join(d2, "c.pem"), c);
  symlinkSync(join(d2, "c.pem"), join(d1, "z-abs.pem")); // a target with a slash: go reads it
  mkdirSync(join(d2, "sub")); // unreadable as a file: skipped
  const missingFile = join(dir, "nope.pem");
  const r = goRoots({ SSL_CERT_FILE: missingFile, SSL_CERT_DIR: `${d1}:${join(dir, "missing")}:${d2}` });
  assert.deepEqual(r.files, [join(d1, "b.pem"), join(d1, "z-abs.pem"), join(d2, "c.pem")]);
  assert.deepEqual(r.dirs, [d1, d2]);
  assert.deepEqual(r.pems.map(fp), [fp(b), fp(c)]);
  assert.ok(!r.files.includes(missingFile));
});

test("without the variables, only the distribution bundles and directories are read; never throws", () => {
  const r = goRoots({});
  assert.ok(r.files.length === 0 || CERT_FILES.includes(r.files[0]!) || r.files[0]!.includes("/"));
  assert.ok(!r.source.includes("SSL_CERT"));
  assert.ok(r.source === "no CA bundle found" || CERT_FILES.includes(r.source));
  const n = goRoots({ SSL_CERT_FILE: join(dir, "none"), SSL_CERT_DIR: join(dir, "none") });
  assert.deepEqual(n, {
    files: [],
    dirs: [],
    pems: [],
    source: `SSL_CERT_FILE=${join(dir, "none")}; SSL_CERT_DIR=${join(dir, "none")}`,
  });
});
