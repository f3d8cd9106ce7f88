// Webex rejects text or markdown over 7439 bytes (UTF-8 bytes, not characters). Long output is
// cut into several messages at paragraph, then line, then word boundaries, and never inside a
// character or a grapheme cluster (an emoji with modifiers stays whole).

export const MAX_MESSAGE_BYTES = 7439;

const encoder = new TextEncoder();

export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Length (in UTF-16 units) of the longest prefix of `s` within `maxBytes`, ending on a grapheme boundary. */
function fittingPrefixLength(s: string, maxBytes: number): number {
  let bytes = 0;
  let end = 0;
  for (const { segment } of segmenter.segment(s)) {
    const size = utf8Bytes(segment);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += segment.length;
  }
  // A single grapheme larger than the limit (absurd, but possible): fall back to code points.
  if (end === 0 && s.length > 0) {
    for (const cp of s) {
      const size = utf8Bytes(cp);
      if (bytes + size > maxBytes) break;
      bytes += size;
      end += cp.length;
    }
  }
  return end;
}

/** Where to cut `s` so that the part before is at most maxBytes, preferring natural boundaries. */
function cutIndex(s: string, maxBytes: number): number {
  const fit = fittingPrefixLength(s, maxBytes);
  const window = s.slice(0, fit);
  // Prefer a boundary in the later half of the window, so parts do not come out tiny.
  const floor = Math.floor(fit / 2);
  for (const sep of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(sep);
    if (at > floor) return at;
  }
  return fit;
}

/**
 * Splits text into parts of at most maxBytes UTF-8 bytes each. Text that fits comes back as one
 * part unchanged. The separator at a cut is dropped; an open ``` code fence is closed at the end
 * of a part and reopened at the start of the next, so markdown renders the same.
 */
export function splitMessage(text: string, maxBytes: number = MAX_MESSAGE_BYTES): string[] {
  if (utf8Bytes(text) <= maxBytes) return [text];
  if (maxBytes < 64) throw new RangeError(`maxBytes too small to split into: ${maxBytes}`);
  // Room kept free in each part for closing a code fence (newline + a fence marker).
  const fenceReserve = 16;
  const parts: string[] = [];
  let rest = text;
  let reopen = "";
  for (;;) {
    const candidate = reopen + rest;
    if (utf8Bytes(candidate) <= maxBytes) {
      if (rest.trim() !== "") parts.push(candidate);
      return parts;
    }
    // Leave room for a fence we may have to close at the end of this part.
    const budget = maxBytes - utf8Bytes(reopen) - fenceReserve;
    const cut = Math.max(1, cutIndex(rest, budget));
    let part = reopen + rest.slice(0, cut).replace(/\s+$/u, "");
    // Drop the separator only, keeping the next line's indentation.
    rest = rest.slice(cut).replace(/^(?:\n+| )/u, "");
    const open = openFenceAtEnd(part);
    if (open !== null) {
      part += `\n${open.marker}`;
      reopen = `${open.line}\n`;
    } else {
      reopen = "";
    }
    if (part.trim() !== "") parts.push(part);
  }
}

/** The opening fence line if `s` ends inside a ``` block, else null. */
function openFenceAtEnd(s: string): { line: string; marker: string } | null {
  let open: { line: string; marker: string } | null = null;
  for (const line of s.split("\n")) {
    const [, fence, rest = ""] = /^\s*(`{3,}|~{3,})(.*)$/.exec(line) ?? [];
    if (!fence) continue;
    const marker = fence.slice(0, 12);
    if (open === null) open = { line: line.trim().slice(0, 200), marker };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && rest.trim() === "") open = null;
  }
  return open;
}

/** Shortens `text` to at most maxBytes, ending with an ellipsis when anything was cut. */
export function truncateMessage(text: string, maxBytes: number = MAX_MESSAGE_BYTES): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const ellipsis = "…";
  const keep = fittingPrefixLength(text, maxBytes - utf8Bytes(ellipsis));
  return text.slice(0, keep).replace(/\s+$/u, "") + ellipsis;
}
