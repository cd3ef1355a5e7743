/**
 * `--format github`: annotations as GitHub Actions workflow commands (`::error file=go.sum,line=3,title=…::…`),
 * which the runner turns into annotations on the run and, with a file, on the file's line. Multi-line messages
 * are kept whole: the runner's escaping rules (actions/toolkit, core/src/command.ts) encode `%`, CR and LF in
 * the message, and also `:` and `,` in property values. Pure.
 */
import type { Annotation } from "./annotations.js";

/** A message escaped as a workflow command's data. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value escaped for a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One workflow command per annotation, and a last line that summarises (plain text, not a command). */
export function githubAnnotations(annotations: readonly Annotation[], summary: string): string {
  const lines = annotations.map((a) => {
    const props = [
      ...(a.file === null ? [] : [`file=${escapeProperty(a.file)}`]),
      ...(a.line === null ? [] : [`line=${a.line}`]),
      `title=${escapeProperty(a.title)}`,
    ];
    return `::${a.level} ${props.join(",")}::${escapeData(a.message)}`;
  });
  return `${[...lines, summary].join("\n")}\n`;
}
