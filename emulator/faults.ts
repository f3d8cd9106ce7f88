// Scripted failures: the next N matching requests answer with a status (429 with Retry-After,
// 5xx…) or have their connection cut, before reaching the normal routes.

export interface FaultSpec {
  /** HTTP status to answer with; omit with reset: true. */
  status?: number;
  /** Seconds, sent as Retry-After (with 429/423/503). */
  retryAfter?: number;
  /** Cut the connection without an answer: the client sees a network error. */
  reset?: boolean;
  /** How many matching requests fail; default 1. */
  count?: number;
  /** Path below /v1: a prefix ("/messages") or a RegExp. Any path when omitted. */
  path?: string | RegExp;
  method?: string;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultPlan {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (spec.status === undefined && !spec.reset) throw new TypeError("injectFaults: status or reset is required");
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to apply to this request, consuming one of its count; undefined when none matches. */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === "string" ? path.startsWith(f.path) : f.path.test(path))),
    );
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }
}
