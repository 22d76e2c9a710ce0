import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { cohortPath } from './cohorts';

export type PageReadState = 'idle' | 'pending' | 'read' | 'failed';

/**
 * Marks a reader page read in a cohort once it is shown (`pageId` set); marking again changes nothing on the hub.
 * Without a cohort nothing is sent.
 */
export function useCohortPageRead(
  cohortId: string | null,
  moduleId: string,
  pageId: string | undefined,
): { state: PageReadState; error: ApiError | undefined } {
  const [state, setState] = useState<PageReadState>('idle');
  const [error, setError] = useState<ApiError | undefined>(undefined);

  useEffect(() => {
    if (!cohortId || !pageId) {
      setState('idle');
      return;
    }
    let current = true;
    setState('pending');
    setError(undefined);
    api
      .post(cohortPath.api.pageRead(cohortId), { moduleId, pageId })
      .then(() => {
        if (current) setState('read');
      })
      .catch((caught: unknown) => {
        if (!current) return;
        setState('failed');
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
      });
    return () => {
      current = false;
    };
  }, [cohortId, moduleId, pageId]);

  return { state, error };
}
