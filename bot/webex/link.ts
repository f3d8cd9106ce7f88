// RFC 5988 Link header, as Webex uses it for list pagination.

/** The URL of `rel="next"`, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!match) continue;
    const params = match[2] ?? "";
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(params);
    if (rel?.[1]?.split(/\s+/).includes("next")) return match[1];
  }
  return undefined;
}
