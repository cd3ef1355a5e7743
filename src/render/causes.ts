/**
 * The cause taxonomy as a Markdown page (docs/causes.md): every role, then every cause with its definition,
 * explanation and the fixes for each context, all from core/causes.ts. scripts/gen-causes-doc.mjs writes the
 * page; test/unit/render/causes-doc.test.ts fails when the page and the code disagree.
 */
import { CAUSE_INFO, CAUSES, ROLES, type Role } from "../core/causes.js";

const ROLE_TEXT: Readonly<Record<Role, string>> = {
  proxy: "a GOPROXY entry (a module mirror)",
  sumdb: "the checksum database (GOSUMDB), directly or through a proxy's /sumdb/",
  vcs: "a version-control origin go reached in direct mode (go-get discovery, git and its curl)",
  toolchain: "the download of a go toolchain (Go ≥ 1.21, module golang.org/toolchain)",
  "http-proxy": "an HTTP proxy between go (or git) and the server",
  local: "nothing remote: settings, go.mod / go.work / go.sum, the module cache",
};

function when(a: {
  os?: string;
  goMin?: number;
  goMax?: number;
  tool?: string;
  textMatches?: RegExp;
}): string {
  const parts: string[] = [];
  if (a.os !== undefined) parts.push(a.os === "windows" ? "Windows" : "Linux/macOS");
  if (a.goMin !== undefined) parts.push(`go ≥ 1.${a.goMin}`);
  if (a.goMax !== undefined) parts.push(`go ≤ 1.${a.goMax}`);
  if (a.tool === "git") parts.push("git's failures");
  if (a.textMatches !== undefined) parts.push(`messages matching \`${a.textMatches.source}\``);
  return parts.length === 0 ? "" : ` *(${parts.join(", ")})*`;
}

/** The Markdown text of docs/causes.md. */
export function causesMarkdown(): string {
  const out = [
    "# Causes",
    "",
    "<!-- Generated from src/core/causes.ts by scripts/gen-causes-doc.mjs; test/unit/render/causes-doc.test.ts checks it. -->",
    "",
    "Every command (`check`, `why`, `verify`, `mirrors`, `monitor`) names a failure with one **cause** — *how* it",
    "failed — and a **role** — *where*. When a network failure mode and an endpoint could both describe a failure,",
    "the failure mode wins: a TLS failure talking to the checksum database is `tls-untrusted` with role `sumdb`.",
    "",
    "## Roles",
    "",
    "| role | where |",
    "|---|---|",
    ...ROLES.map((r) => `| \`${r}\` | ${ROLE_TEXT[r]} |`),
    "",
    "## Causes",
    "",
    "| cause | definition |",
    "|---|---|",
    ...CAUSES.map((c) => `| [\`${c}\`](#${c}) | ${CAUSE_INFO[c].definition.replace(/\|/g, "\\|")} |`),
    "",
  ];
  for (const c of CAUSES) {
    const info = CAUSE_INFO[c];
    out.push(`### ${c}`, "", `**${info.title}.** ${info.definition}`, "", info.explanation, "", "Fixes:", "");
    for (const a of info.advice) out.push(`- ${a.text}${when(a)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
