/**
 * The syntax error text Go's encoding/json reports for invalid input, so that a proxy's broken `.info`
 * answer can be predicted word for word (`invalid character 'h' in literal true (expecting 'r')`).
 * Mirrors encoding/json/scanner.go (checkValid, the step functions and quoteChar), Go 1.19.
 */

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

const ESCAPES: Record<number, string> = {
  7: "a",
  8: "b",
  9: "t",
  10: "n",
  11: "v",
  12: "f",
  13: "r",
  92: "\\",
};

/** encoding/json quoteChar: the byte, read as a rune, quoted as strconv.Quote does, in single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const esc = ESCAPES[c];
  if (esc !== undefined) return `'\\${esc}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if (c >= 0x80 && (c < 0xa1 || c === 0xad)) return `'\\u00${c.toString(16)}'`;
  return `'${String.fromCharCode(c)}'`;
}

class SyntaxFail {
  constructor(readonly message: string) {}
}

/**
 * Returns encoding/json's error for text (as json.Unmarshal would report it), or null when text is
 * valid JSON. Pure; never throws.
 */
export function jsonSyntaxError(text: string): string | null {
  const b = new TextEncoder().encode(text);
  let i = 0;
  const fail = (context: string): never => {
    // At the end, scanner.eof feeds one space: a value cut inside a literal, number or escape reports it.
    if (i >= b.length)
      throw new SyntaxFail(
        /^in (literal|numeric|exponent|string escape|\\u)|after decimal/.test(context)
          ? `invalid character ' ' ${context}`
          : "unexpected end of JSON input",
      );
    throw new SyntaxFail(`invalid character ${quoteChar(b[i]!)} ${context}`);
  };
  const ws = () => {
    while (i < b.length && SPACE.has(b[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (b[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const digits = (context: string) => {
    if (i >= b.length || b[i]! < 0x30 || b[i]! > 0x39) fail(context);
    while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) i++;
  };
  const number = () => {
    if (b[i] === 0x2d) {
      i++;
      if (i >= b.length || b[i]! < 0x30 || b[i]! > 0x39) fail("in numeric literal");
    }
    if (b[i] === 0x30) i++;
    else digits("in numeric literal");
    if (b[i] === 0x2e) {
      i++;
      digits("after decimal point in numeric literal");
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      digits("in exponent of numeric literal");
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= b.length) fail("");
      const c = b[i]!;
      if (c === 0x22) return void i++;
      if (c < 0x20) fail("in string literal");
      if (c === 0x5c) {
        i++;
        if (i >= b.length) fail("in string escape code");
        if (b[i] === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= b.length || !/[0-9a-fA-F]/.test(String.fromCharCode(b[i]!)))
              fail("in \\u hexadecimal character escape");
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(b[i]!))) fail("in string escape code");
      }
      i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= b.length) fail("");
    const c = b[i]!;
    if (c === 0x7b) object();
    else if (c === 0x5b) array();
    else if (c === 0x22) string();
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) number();
    else if (c === 0x74) literal("true");
    else if (c === 0x66) literal("false");
    else if (c === 0x6e) literal("null");
    else fail("looking for beginning of value");
  };
  const object = () => {
    i++;
    ws();
    if (b[i] === 0x7d) return void i++;
    for (;;) {
      ws();
      if (b[i] !== 0x22) fail("looking for beginning of object key string");
      string();
      ws();
      if (b[i] !== 0x3a) fail("after object key");
      i++;
      value();
      ws();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x7d) return void i++;
      fail("after object key:value pair");
    }
  };
  const array = () => {
    i++;
    ws();
    if (b[i] === 0x5d) return void i++;
    for (;;) {
      value();
      ws();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x5d) return void i++;
      fail("after array element");
    }
  };
  try {
    value();
    ws();
    if (i < b.length) fail("after top-level value");
    return null;
  } catch (e) {
    if (e instanceof SyntaxFail) return e.message;
    throw e;
  }
}
