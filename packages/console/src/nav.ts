// Hash routes: "#/" is the queue, "#/cases/<id>" a case (no token or secret ever goes in the URL).
export type Route = { page: 'queue' } | { page: 'case'; caseId: string };

export function routeOf(hash: string): Route {
  const match = /^#\/cases\/(.+)$/.exec(hash);
  return match ? { page: 'case', caseId: decodeURIComponent(match[1]!) } : { page: 'queue' };
}

export function hrefOf(route: Route): string {
  return route.page === 'case' ? `#/cases/${encodeURIComponent(route.caseId)}` : '#/';
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}
