import { useSearchParams } from 'react-router';

// A list's filters and page live in the URL, so a view can be shared and survives reload. Pages
// are the cursors followed so far (`?cursor=a&cursor=b`): Next appends one, Previous drops one.
export function useUrlList<Name extends string>(filterNames: readonly Name[]) {
  const [params, setParams] = useSearchParams();
  const filters: Partial<Record<Name, string>> = {};
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const cursors = params.getAll('cursor');

  // From the address bar, not this render's params (React Router's functional form gets those):
  // two changes made before the list renders again (pick a filter, type another, Enter) both land.
  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(window.location.search);
    change(next);
    setParams(next);
  };

  return {
    filters,
    cursor: cursors.length > 0 ? cursors[cursors.length - 1] : undefined,
    page: cursors.length + 1,
    setFilter: (name: Name, value: string | null) =>
      update((next) => {
        if (value) next.set(name, value);
        else next.delete(name);
        next.delete('cursor');
      }),
    clearFilters: () =>
      update((next) => {
        for (const name of [...filterNames, 'cursor']) next.delete(name);
      }),
    nextPage: (cursor: string) => update((next) => next.append('cursor', cursor)),
    previousPage: () =>
      update((next) => {
        const kept = next.getAll('cursor').slice(0, -1);
        next.delete('cursor');
        for (const cursor of kept) next.append('cursor', cursor);
      }),
  };
}
