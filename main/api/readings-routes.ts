/** Live readings per connector (issue 13, item 9). */
import { sessionOf, type RouteTable } from './routes.ts';

export const readingsRoutes: Pick<RouteTable, 'GET /api/readings'> = {
  'GET /api/readings': (r, s) => s.store.readings.list(sessionOf(r.query, s), r.query['charger'] || undefined),
};
