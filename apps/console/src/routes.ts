import { useCallback, useEffect, useState } from 'react';

/**
 * Where the console is, in the URL's hash: `#/catalogue`, `#/segments/<id>`,
 * `#/audit`, … so a screen or a segment can be bookmarked and shared. The
 * hash never reaches the service (which answers every path under /console/
 * with index.html anyway) and survives signing in.
 */
export interface Route {
  screen?: string;
  segmentId?: string;
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  if (parts.length === 0) return {};
  return parts[0] === 'segments' && parts[1] ? { screen: 'segments', segmentId: parts[1] } : { screen: parts[0] };
}

export function formatRoute(route: Route): string {
  if (!route.screen) return '';
  return `#/${encodeURIComponent(route.screen)}${route.screen === 'segments' && route.segmentId ? `/${encodeURIComponent(route.segmentId)}` : ''}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The route in the address bar, followed as it changes (back, forward, an edited URL); `go` adds a history entry. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(globalThis.location?.hash ?? ''));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(globalThis.location.hash));
    globalThis.addEventListener('hashchange', follow);
    return () => globalThis.removeEventListener('hashchange', follow);
  }, []);
  const go = useCallback((next: Route) => {
    const hash = formatRoute(next);
    if (hash !== globalThis.location.hash) globalThis.location.hash = hash;
    setRoute(next);
  }, []);
  return [route, go];
}
