/**
 * The output of Windows' `reg query KEY` (reg.exe, the same under Wine): a line naming each key, then its values
 * as `    Name    REG_TYPE    data`, four spaces apart; subkeys are listed as further key lines. Pure.
 */

/** One registry value as reg query prints it. */
export interface RegValue {
  /** The value's name; "(Default)" for the key's unnamed value. Names may hold single spaces ("User Agent"). */
  readonly name: string;
  /** REG_SZ, REG_EXPAND_SZ, REG_DWORD (printed 0x…), REG_MULTI_SZ (parts joined by \0), … */
  readonly type: string;
  /** The data as printed: text, or 0x… for numbers. */
  readonly data: string;
}

/** One key and the values listed under it. */
export interface RegKey {
  /** Full name as printed, e.g. HKEY_CURRENT_USER\Environment. */
  readonly key: string;
  readonly values: readonly RegValue[];
}

const VALUE_LINE = /^ {4}(\S(?:.*?\S)?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

/** Parses reg query's output (CRLF or LF). Lines it cannot read are skipped; never throws. */
export function parseRegQuery(text: string): RegKey[] {
  const keys: { key: string; values: RegValue[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, "");
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      keys.push({ key: line.trimEnd(), values: [] });
      continue;
    }
    const m = VALUE_LINE.exec(line);
    const current = keys.at(-1);
    if (m === null || current === undefined) continue;
    current.values.push({ name: m[1] as string, type: m[2] as string, data: m[3] ?? "" });
  }
  return keys;
}

/** The values of the first key printed (the key asked for), by name, case-insensitively as Windows compares. */
export function regValues(keys: readonly RegKey[]): ReadonlyMap<string, RegValue> {
  const out = new Map<string, RegValue>();
  for (const v of keys[0]?.values ?? []) out.set(v.name.toUpperCase(), v);
  return out;
}

/** A REG_DWORD's number (reg prints 0x1), or null when the value is not one. */
export function regDword(v: RegValue | undefined): number | null {
  if (v === undefined || v.type !== "REG_DWORD" || !/^0x[0-9a-fA-F]+$/.test(v.data)) return null;
  return Number.parseInt(v.data.slice(2), 16);
}
