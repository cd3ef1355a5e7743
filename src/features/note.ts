/**
 * `goproxy-doctor verify --note FILE`: a signed tree head, or a whole lookup response (record + note),
 * checked against a checksum database's key strictly as x/mod's note.Open does.
 */
import { errorText } from "../core/errors.js";
import { openNote, parseVerifierKey, SUM_GOLANG_ORG_KEY } from "../core/sumdb/note.js";
import { formatHash, parseRecord, parseTree } from "../core/sumdb/tlog.js";

/** The outcome of checking a note. */
export interface NoteReport {
  readonly ok: boolean;
  readonly key: string;
  readonly signers: readonly string[];
  readonly unknownSigners: readonly string[];
  readonly treeSize: number | null;
  readonly rootHash: string | null;
  /** For a lookup response: its record id and text. */
  readonly record: { readonly id: number; readonly text: string } | null;
  readonly error: string | null;
}

/** Checks data (a note or a lookup response) against vkey (default: sum.golang.org's key). Never throws. */
export function checkNote(data: Uint8Array, vkey: string = SUM_GOLANG_ORG_KEY): NoteReport {
  const fail = (error: string, record: NoteReport["record"] = null): NoteReport => ({
    ok: false,
    key: vkey,
    signers: [],
    unknownSigners: [],
    treeSize: null,
    rootHash: null,
    record,
    error,
  });
  let key: ReturnType<typeof parseVerifierKey>;
  try {
    key = parseVerifierKey(vkey);
  } catch (e) {
    return fail(`invalid key: ${errorText(e)}`);
  }
  let noteBytes = data;
  let record: NoteReport["record"] = null;
  if (/^[0-9]+\n/.test(new TextDecoder().decode(data.subarray(0, 24)))) {
    try {
      const r = parseRecord(data);
      record = { id: r.id, text: new TextDecoder().decode(r.text) };
      noteBytes = r.rest;
    } catch (e) {
      return fail(errorText(e));
    }
  }
  try {
    const n = openNote(noteBytes, [key]);
    const tree = parseTree(n.text);
    return {
      ok: true,
      key: vkey,
      signers: n.sigs.map((s) => `${s.name}+${s.hash.toString(16).padStart(8, "0")}`),
      unknownSigners: n.unverifiedSigs.map((s) => `${s.name}+${s.hash.toString(16).padStart(8, "0")}`),
      treeSize: tree.n,
      rootHash: formatHash(tree.hash),
      record,
      error: null,
    };
  } catch (e) {
    return fail(errorText(e), record);
  }
}
