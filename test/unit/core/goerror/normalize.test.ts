import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { normalizeLines, normalizeLog } from "../../../../src/core/goerror/normalize.js";

const GO_LINE =
  "go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not Found";

test("GitHub Actions / Azure timestamps are stripped", () => {
  assert.deepEqual(
    normalizeLines(
      `2024-05-01T10:00:00.1234567Z ${GO_LINE}\n2024-05-01T10:00:00.1234567Z \tserver response: x`,
    ),
    [GO_LINE, "\tserver response: x"],
  );
});

test("GitLab section markers, timestamps with stream flags and ANSI colours are stripped", () => {
  const log =
    "\x1b[0Ksection_start:1714557600:step_script\r\x1b[0K\x1b[36;1mExecuting\x1b[0;m\n" +
    `2024-05-01T10:00:01.223456Z 01E ${GO_LINE}\n` +
    "section_end:1714557601:step_script\r\x1b[0K";
  const lines = normalizeLines(log);
  assert.ok(lines.includes("Executing"));
  assert.ok(lines.includes(GO_LINE));
  assert.ok(lines.every((l) => !l.includes("section_") && !l.includes("\x1b")));
});

test("Docker build noise: classic steps dropped, BuildKit prefixes stripped", () => {
  const log = [
    "Step 4/9 : RUN go mod download",
    " ---> Running in 0123456789ab",
    `#12 3.456 ${GO_LINE}`,
    '#12 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1',
    `0.512 ${GO_LINE}`,
    "Removing intermediate container 0123456789ab",
    "The command '/bin/sh -c go mod download' returned a non-zero code: 1",
  ].join("\n");
  assert.deepEqual(normalizeLines(log), [GO_LINE, GO_LINE]);
});

test("Windows CRLF and PowerShell's NativeCommandError wrapping", () => {
  const log = `go : ${GO_LINE}\r\nAt line:1 char:1\r\n+ go mod download\r\n+ ~~~~~~~~~~~~~~~\r\n    + CategoryInfo          : NotSpecified: (x:String) [], RemoteException\r\n`;
  assert.deepEqual(normalizeLines(log), [GO_LINE, ""]);
});

test("Jenkins timestamps and ##[error] annotations", () => {
  assert.deepEqual(normalizeLines(`[2020-06-15T01:17:55.889Z] ##[error]${GO_LINE}`), [GO_LINE]);
});

test("go's own lines are unchanged", () => {
  const text = `${GO_LINE}\n\tserver response: not found: x\n\nSECURITY ERROR`;
  assert.equal(normalizeLog(text), text);
});

const noisy = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "2024-05-01T10:00:00.1234567Z ",
          "\x1b[31m",
          "\x1b[0K",
          "section_start:1:step\r",
          "#1 0.123 ",
          "\r\n",
          "\r",
          "\n",
          "Step 1/2 : ",
          " ---> ",
          "go : ",
          "##[error]",
          "\t",
          "0.512 ",
          "go: ",
          GO_LINE,
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join("")),
);

test("property: normalisation never throws and is idempotent", () => {
  fc.assert(
    fc.property(noisy, (s) => {
      const once = normalizeLog(s);
      assert.equal(normalizeLog(once), once);
    }),
    { numRuns: 2000 },
  );
});

test("property: no escape, CR or control character survives", () => {
  fc.assert(
    fc.property(noisy, (s) => {
      assert.doesNotMatch(normalizeLog(s), /[\x00-\x08\x0b-\x1f\x7f]/);
    }),
    { numRuns: 1000 },
  );
});

test("property: a go line behind any mix of CI prefixes comes out bare", () => {
  const prefix = fc.constantFrom(
    "2024-05-01T10:00:00.1234567Z ",
    "2024-05-01T10:00:00Z 00O ",
    "[2024-05-01T10:00:00.123Z] ",
    "#7 12.345 ",
    "1.234 ",
    "##[error]",
    "app-1  | ",
    "\x1b[31m",
  );
  fc.assert(
    fc.property(fc.array(prefix, { minLength: 1, maxLength: 4 }), (ps) => {
      assert.deepEqual(normalizeLines(`${ps.join("")}${GO_LINE}\x1b[0m\r\n`), [GO_LINE, ""]);
    }),
    { numRuns: 500 },
  );
});
