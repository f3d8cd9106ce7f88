// R-SVC-1: the services a customer can trial.
export const SERVICES = ["messaging", "meetings", "calling", "devices"] as const;
export type Service = (typeof SERVICES)[number];

export function isService(value: string): value is Service {
  return (SERVICES as readonly string[]).includes(value);
}

/** Parses a loosely typed service name ("Calling", " meetings ") or returns null. */
export function parseService(value: string): Service | null {
  const v = value.trim().toLowerCase();
  return isService(v) ? v : null;
}

export function sortServices(services: Iterable<Service>): Service[] {
  const set = new Set(services);
  return SERVICES.filter((s) => set.has(s));
}
