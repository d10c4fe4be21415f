/** The control API's surface: every route, in match order. A change here is an API change: review it. */
import { expect, test } from 'vitest';
import { ROUTE_KEYS } from '../../../shared/api/routes.ts';

test('the route list of the control API', () => {
  expect(ROUTE_KEYS).toMatchInlineSnapshot(`
    [
      "GET /api/health",
      "GET /api/info",
      "GET /api/chargers",
      "GET /api/chargers/:id",
      "DELETE /api/chargers/:id",
      "PUT /api/chargers/:id/auth",
      "DELETE /api/chargers/:id/auth",
      "POST /api/chargers/:id/accept",
      "POST /api/chargers/:id/calls/:action",
      "GET /api/chargers/:id/commands",
      "GET /api/chargers/:id/local-list",
      "GET /api/chargers/:id/reservations",
      "GET /api/chargers/:id/charging-profiles",
      "GET /api/chargers/:id/configuration",
      "GET /api/chargers/:id/composite-schedule",
      "GET /api/chargers/:id/composite-timeline",
      "GET /api/frames",
      "GET /api/transactions",
      "GET /api/meter-values",
      "GET /api/findings",
      "GET /api/rules",
      "GET /api/connections",
      "GET /api/reservations",
      "GET /api/idtags",
      "PUT /api/idtags/:idTag",
      "DELETE /api/idtags/:idTag",
      "GET /api/settings",
      "PATCH /api/settings",
      "GET /api/sessions",
      "POST /api/sessions",
      "POST /api/sessions/import",
      "POST /api/sessions/open",
      "PATCH /api/sessions/:id",
      "DELETE /api/sessions/:id",
      "GET /api/sessions/:id/export",
      "GET /api/sessions/:id/recording",
      "GET /api/sessions/:id/chargers",
      "GET /api/sessions/:id/commands",
      "GET /api/jobs",
      "DELETE /api/jobs/:id",
      "GET /api/firmware",
      "POST /api/firmware",
      "DELETE /api/firmware/:id",
      "POST /api/chargers/:id/firmware-update",
      "POST /api/chargers/:id/diagnostics",
      "GET /api/transfers",
      "GET /api/transfers/:id/content",
      "GET /api/transfers/:id/entries",
      "GET /api/transfers/:id/entries/:index/text",
      "GET /api/test-cases",
      "POST /api/chargers/:id/test-runs",
      "GET /api/chargers/:id/test-runs",
      "GET /api/test-runs/:runId",
      "DELETE /api/test-runs/:runId",
      "POST /api/test-runs/:runId/prompt",
      "GET /api/chargers/:id/report",
      "GET /api/chargers/:id/report-notes",
      "PUT /api/chargers/:id/report-notes",
    ]
  `);
});

test('no route is listed twice', () => {
  expect(new Set(ROUTE_KEYS).size).toBe(ROUTE_KEYS.length);
});
