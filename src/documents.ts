/**
 * The versioned JSON documents the commands print with `--json` (and monitor's webhook body), as types and
 * as the functions that build them from a feature's report. The builders are the one source of truth: each
 * type is the builder's return type, and schemas/<name>.v1.json is generated from these types
 * (scripts/gen-schemas.mjs, ts-json-schema-generator), so code, types and schemas cannot drift apart.
 * Every document names its schema twice: `schema` ("goproxy-doctor.check/v1", the stable contract id) and
 * `$schema` ("goproxy-doctor/schemas/check.v1.json", resolvable with `import.meta.resolve` or
 * `require.resolve` wherever the package is installed).
 */
import { traceDocument } from "./core/trace/document.js";
import { checkDocument } from "./render/check.js";
import { fixDocument } from "./render/fix.js";
import { hashDocument } from "./render/hash.js";
import { envDocument, explainDocument } from "./render/json.js";
import { mirrorsDocument } from "./render/mirrors.js";
import { alertDocument } from "./render/monitor.js";
import { noteDocument, verifyDocument } from "./render/verify.js";
import { whyDocument } from "./render/why.js";

export {
  alertDocument,
  checkDocument,
  envDocument,
  explainDocument,
  fixDocument,
  hashDocument,
  mirrorsDocument,
  noteDocument,
  traceDocument,
  verifyDocument,
  whyDocument,
};

/** `goproxy-doctor.check/v1`: `check --json`. */
export type CheckDocument = ReturnType<typeof checkDocument>;
/** `goproxy-doctor.env/v1`: `env --json`. */
export type EnvDocument = ReturnType<typeof envDocument>;
/** `goproxy-doctor.explain/v1`: `explain --json`. */
export type ExplainDocument = ReturnType<typeof explainDocument>;
/** `goproxy-doctor.verify/v1`: `verify --json`. */
export type VerifyDocument = ReturnType<typeof verifyDocument>;
/** `goproxy-doctor.note/v1`: `verify --note FILE --json`. */
export type NoteDocument = ReturnType<typeof noteDocument>;
/** `goproxy-doctor.hash/v1`: `hash --json`. */
export type HashDocument = ReturnType<typeof hashDocument>;
/** `goproxy-doctor.why/v1`: `why --json`. */
export type WhyDocument = ReturnType<typeof whyDocument>;
/** `goproxy-doctor.fix/v1`: `fix --json`. */
export type FixDocument = ReturnType<typeof fixDocument>;
/** `goproxy-doctor.trace/v1`: `trace --json`. */
export type TraceDocument = ReturnType<typeof traceDocument>;
/** `goproxy-doctor.mirrors/v1`: `mirrors --json`. */
export type MirrorsDocument = ReturnType<typeof mirrorsDocument>;
/** `goproxy-doctor.monitor-alert/v1`: the generic webhook body monitor posts. */
export type MonitorAlertDocument = ReturnType<typeof alertDocument>;
