/**
 * From server version 153 TWS writes non-ASCII characters as `\uXXXX` escapes (IB's own
 * client decodes them with unicode-escape); @stoqey/ib unescapes only error text and long
 * names, so text it hands over as sent (order references) is decoded here.
 */
export function decodeTwsEscapes(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
