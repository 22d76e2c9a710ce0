import { useEffect, useState } from 'react';
import { ApiError, api } from '../api';
import type { AttackTacticItem, BehaviourCategoryItem, Items, ProgressLevelItem } from '../types';

/** Catalogues are static for the life of the page: each is fetched once and shared. */
const cache = new Map<string, Promise<unknown[]>>();

function load<T>(path: string): Promise<T[]> {
  let pending = cache.get(path);
  if (!pending) {
    pending = api.get<Items<T>>(path).then((result) => result.items);
    pending.catch(() => cache.delete(path));
    cache.set(path, pending);
  }
  return pending as Promise<T[]>;
}

export interface CatalogueState<T> {
  items: T[] | undefined;
  error: ApiError | undefined;
}

function useCatalogue<T>(path: string): CatalogueState<T> {
  const [state, setState] = useState<CatalogueState<T>>({ items: undefined, error: undefined });
  useEffect(() => {
    let live = true;
    load<T>(path).then(
      (items) => live && setState({ items, error: undefined }),
      (error: unknown) =>
        live &&
        setState({
          items: undefined,
          error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)),
        }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

export function useTactics(): CatalogueState<AttackTacticItem> {
  return useCatalogue<AttackTacticItem>('/attack/tactics');
}

export function useBehaviourCategories(): CatalogueState<BehaviourCategoryItem> {
  return useCatalogue<BehaviourCategoryItem>('/catalogue/behaviour-categories');
}

export function useProgressLevels(): CatalogueState<ProgressLevelItem> {
  return useCatalogue<ProgressLevelItem>('/catalogue/progress-levels');
}
