/**
 * `--sarif FILE`: annotations as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the
 * format GitHub code scanning uploads (github/codeql-action/upload-sarif). One rule per ruleId, its help from
 * the cause taxonomy. A result about a file (a go.sum line) is located there; a configuration problem, which is
 * about the environment rather than a line of the repository, is located at the start of `anchor` (the go.mod
 * or go.sum the run was about) when one is given, because GitHub code scanning rejects results without a
 * location ("expected at least one location"). Pure.
 */
import type { Log } from "sarif";
import { CAUSE_INFO } from "../core/causes.js";
import type { Annotation } from "./annotations.js";

const LEVEL = { error: "error", warning: "warning", notice: "note" } as const;

// The shape is checked against the SARIF 2.1.0 object model by its TypeScript types (@types/sarif, type-only).

/** A SARIF 2.1.0 log with one run of goproxy-doctor `command`. */
export function sarifLog(
  annotations: readonly Annotation[],
  command: string,
  version: string,
  anchor: string | null = null,
): Log {
  const rules = new Map<string, Annotation>();
  for (const a of annotations) if (!rules.has(a.ruleId)) rules.set(a.ruleId, a);
  const ruleIds = [...rules.keys()];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "goproxy-doctor",
            version,
            rules: ruleIds.map((id) => {
              const a = rules.get(id)!;
              const info = a.cause === null ? null : CAUSE_INFO[a.cause];
              return {
                id,
                shortDescription: { text: info?.title ?? id },
                ...(info !== null && {
                  fullDescription: { text: info.explanation },
                  help: { text: [info.explanation, ...info.fixes.map((f) => `- ${f}`)].join("\n") },
                }),
                properties: { tags: ["go-modules", ...(a.cause === null ? [] : [a.cause])] },
              };
            }),
          },
        },
        automationDetails: { id: `goproxy-doctor/${command}/` },
        results: annotations.map((a) => {
          const file = a.file ?? anchor;
          const line = a.file === null ? 1 : a.line;
          return {
            ruleId: a.ruleId,
            ruleIndex: ruleIds.indexOf(a.ruleId),
            level: LEVEL[a.level],
            message: { text: a.message },
            ...(file !== null && {
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: file.split("\\").join("/") },
                    ...(line !== null && { region: { startLine: line } }),
                  },
                },
              ],
            }),
          };
        }),
      },
    ],
  };
}
