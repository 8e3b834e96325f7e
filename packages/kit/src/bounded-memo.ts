/**
 * Memoizes `make` for up to `limit` distinct keys; keys beyond the limit are computed each time and not kept, so
 * an unbounded variety of inputs (odd methods, arbitrary log keys) cannot grow memory.
 */
export function boundedMemo<K, V>(limit: number, make: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      if (cache.size < limit) cache.set(key, value);
    }
    return value;
  };
}
