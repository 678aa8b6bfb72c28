import { useEffect, useState } from 'react';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'done'; data: T };

/** Runs `load` when `key` changes and tracks its result; a newer call wins over an older one. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loadable<T> {
  const [result, setResult] = useState<{ key: string; value: Loadable<T> }>({ key, value: { state: 'loading' } });
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setResult({ key, value: { state: 'done', data } }),
      (error: unknown) => current && setResult({ key, value: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure on every render; `key` says when its inputs changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result.key === key ? result.value : { state: 'loading' };
}
