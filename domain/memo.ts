// Results of a pure function kept by key, for the few keys in use at once (a trial's dates in its
// zone, their texts per language): all are dropped once `bound` are kept, so memory stays bounded
// without ordering the keys.
export function boundedMemo<V>(bound: number): (key: string, compute: () => V) => V {
  const kept = new Map<string, V>();
  return (key, compute) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = compute();
    if (kept.size >= bound) kept.clear();
    kept.set(key, value);
    return value;
  };
}
