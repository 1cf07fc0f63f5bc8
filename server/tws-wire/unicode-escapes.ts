/**
 * From server version 153 (MIN_SERVER_VER.ENCODE_MSG_ASCII7 in @stoqey/ib) TWS sends text
 * as 7-bit ASCII: every character above 0x7F travels as a Java-style `\uXXXX` escape of its
 * UTF-16 code unit ("Müller" → "M\u00fcller"; a character outside the BMP as its two
 * surrogates). @stoqey/ib undoes that only for error texts and long names.
 */
export const ENCODE_MSG_ASCII7 = 153;

const NON_ASCII = /[^\x00-\x7f]/g;
const ESCAPE = /\\u([0-9a-fA-F]{4})/g;

/** What TWS puts on the wire for `text`. */
export function escapeNonAscii(text: string): string {
  return text.replace(NON_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The text as written, from TWS's escaped form (surrogate pairs rejoin on their own). */
export function decodeUnicodeEscapes(text: string): string {
  return text.includes("\\u") ? text.replace(ESCAPE, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}
