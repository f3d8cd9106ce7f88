// Webex list responses: `{ items }`, at most `max` per page, the next page in an RFC 5988 Link header.
import { badRequest } from "./http-error.ts";

export interface Page<T> {
  items: T[];
  link?: string;
}

export function paginate<T>(all: T[], requestUrl: URL, defaults: { max: number; cap: number }): Page<T> {
  const rawMax = requestUrl.searchParams.get("max");
  let max = defaults.max;
  if (rawMax !== null) {
    max = Number(rawMax);
    if (!Number.isInteger(max) || max < 1) throw badRequest("max must be a positive integer.");
    max = Math.min(max, defaults.cap);
  }
  const cursor = requestUrl.searchParams.get("cursor");
  const offset = cursor === null ? 0 : Number(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 0) throw badRequest("Invalid cursor.");
  const items = all.slice(offset, offset + max);
  if (offset + max >= all.length) return { items };
  const next = new URL(requestUrl);
  next.searchParams.set("max", String(max));
  next.searchParams.set("cursor", Buffer.from(String(offset + max), "utf8").toString("base64url"));
  return { items, link: `<${next.toString()}>; rel="next"` };
}
