/**
 * The JSON Schemas of the versioned documents (schemas/*.v1.json, written by `npm run build`) as a test check:
 * `assertDocument(doc)` fails unless doc validates against the schema its `$schema` names, and a document that
 * carries a goproxy-doctor `schema` id must carry `$schema` too. `parseDocument(text)` parses and checks.
 * validate-documents.ts applies the check to every JSON.parse of every test process.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { REPO_ROOT } from "./gobuild.js";

const parse = JSON.parse;
let ajv: Ajv | null = null;

function validator(id: string): ValidateFunction | undefined {
  if (ajv === null) {
    ajv = new Ajv({ allErrors: true, strict: true });
    const dir = join(REPO_ROOT, "schemas");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".json")))
      ajv.addSchema(parse(readFileSync(join(dir, f), "utf8")) as object);
  }
  return ajv.getSchema(id);
}

/** A goproxy-doctor document: an object with a `schema` or `$schema` of ours. */
export function isDocument(v: unknown): v is { schema?: unknown; $schema?: unknown } {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    (typeof o.schema === "string" && o.schema.startsWith("goproxy-doctor.")) ||
    (typeof o.$schema === "string" && o.$schema.startsWith("goproxy-doctor/schemas/"))
  );
}

/** How many documents each schema validated in this process. */
export const validated = new Map<string, number>();

/** Throws unless doc validates against the schema its `$schema` names (and names one). */
export function assertDocument(doc: unknown): void {
  if (!isDocument(doc)) throw new Error("not a goproxy-doctor document");
  const id = doc.$schema;
  if (typeof id !== "string") throw new Error(`document ${String(doc.schema)} has no $schema`);
  const validate = validator(id);
  if (validate === undefined) throw new Error(`no schema ${id} in schemas/`);
  if (!validate(doc)) {
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    throw new Error(`document does not match ${id}:\n  ${errors.join("\n  ")}`);
  }
  validated.set(id, (validated.get(id) ?? 0) + 1);
}

/** JSON.parse, then assertDocument. */
export function parseDocument(text: string): Record<string, unknown> {
  const doc = parse(text) as unknown;
  assertDocument(doc);
  return doc as Record<string, unknown>;
}
