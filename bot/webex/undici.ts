// undici's Agent and request API, loaded without undici's entry point. That entry point installs
// an Agent as the dispatcher of Node's built-in fetch whenever none is set yet; on Node 20, whose
// fetch is an older undici, fetch then refused requests it took before ("invalid content-length
// header", seen in the replica test's proxy), and the slot cannot be emptied again. The transport
// needs only its own Agent, so it takes the two modules it uses (undici is pinned exactly; the
// transport tests load them).
import { createRequire } from "node:module";
import type { Agent, Dispatcher } from "undici";

const load = createRequire(import.meta.url);

export const UndiciAgent = load("undici/lib/dispatcher/agent") as typeof Agent;

const requestOn = load("undici/lib/api/api-request") as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** `dispatcher.request(options)`, as undici's entry point adds it to every dispatcher. */
export function undiciRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return requestOn.call(dispatcher, options);
}

export type { Dispatcher };
