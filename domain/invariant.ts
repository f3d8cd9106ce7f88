// A value that the trial's state guarantees (an active trial has an end date, a pending one a
// consent deadline). Where the types cannot say so, this checks it: a broken guarantee fails loudly
// here, naming what was missing, instead of travelling on as undefined.
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`invariant broken: ${what} is missing`);
  return value;
}
