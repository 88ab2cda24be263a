import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import type { SizeAnswer } from '../api/api-types';
import { previewSize } from '../api/endpoints';
import type { Expr } from './expression-engine';

export const LIVE_SIZE_DEBOUNCE_MS = 400;

export interface LiveSize {
  answer?: SizeAnswer;
  error?: unknown;
  loading: boolean;
  /** The expression the shown answer (or error) is for. */
  forExpression?: string;
}

/**
 * The size of the expression being built, asked of `POST /v1/segments/preview`
 * once the marketer pauses; a newer expression cancels the request in flight.
 */
export function useLiveSize(api: ApiClient, expr: Expr | undefined): LiveSize {
  const key = expr === undefined ? '' : JSON.stringify(expr);
  const [state, setState] = useState<LiveSize>({ loading: false });

  useEffect(() => {
    if (key === '') {
      setState({ loading: false });
      return undefined;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    const timer = setTimeout(() => {
      previewSize(api, JSON.parse(key) as Expr, undefined, controller.signal).then(
        (answer) => setState({ answer, loading: false, forExpression: key }),
        (error: unknown) => {
          if ((error as Error).name === 'AbortError') return;
          setState({ error, loading: false, forExpression: key });
        },
      );
    }, LIVE_SIZE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, key]);

  return state;
}
