import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import { Flex, Spin } from 'antd';
import { canOpenEvaluations, canOpenOrganisations, canOpenUsers } from '../auth/access';
import { LoginPage } from '../auth/login-page';
import { RequireAccess } from '../auth/require-access';
import { RequireAuth } from '../auth/require-auth';

/*
 * Route-level splitting (issue 15 §2): the login page is the only page in the first chunk; the signed-in layout and
 * every page load on their first visit, each with the parts of antd and the libraries only it uses (ECharts with the
 * charts that draw, see the ledger and the budget tab). `scripts/bench/web-first-load.ts` measures the result.
 */
function PageLoading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}

/** A page loaded on its first visit; `pick` chooses the component (and, for access checks, what comes with it). */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ReactElement {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

/** A page behind an access check that its own module exports (so the check loads with the page, not before it). */
function guardedPage<M>(load: () => Promise<M>, pick: (module: M) => { page: ComponentType; allowed: Parameters<typeof RequireAccess>[0]['allowed'] }): ReactElement {
  return lazyPage(load, (module) => {
    const { page: Page, allowed } = pick(module);
    return function GuardedPage() {
      return (
        <RequireAccess allowed={allowed}>
          <Page />
        </RequireAccess>
      );
    };
  });
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // 评价报告公开 (issue 12 §6): no sign-in, outside the signed-in shell.
  { path: '/public/reports', element: lazyPage(() => import('../public-reports/public-reports-page'), (m) => m.PublicReportsPage) },
  { path: '/public/reports/:id', element: lazyPage(() => import('../public-reports/public-report-page'), (m) => m.PublicReportPage) },
  {
    path: '/',
    element: (
      <RequireAuth>
        {lazyPage(() => import('../layout/app-shell'), (m) => m.AppShell)}
      </RequireAuth>
    ),
    children: [
      { index: true, element: lazyPage(() => import('../home/home-page'), (m) => m.HomePage) },
      {
        path: 'evaluations',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            {lazyPage(() => import('../evaluations/evaluations-page'), (m) => m.EvaluationsPage)}
          </RequireAccess>
        ),
      },
      {
        path: 'evaluations/:id',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            {lazyPage(() => import('../evaluations/evaluation-detail-page'), (m) => m.EvaluationDetailPage)}
          </RequireAccess>
        ),
      },
      {
        path: 'rectification-items/:id',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            {lazyPage(() => import('../rectification/rectification-item-page'), (m) => m.RectificationItemPage)}
          </RequireAccess>
        ),
      },
      {
        path: 'rectification-ledger',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            {lazyPage(() => import('../rectification/ledger/rectification-ledger-page'), (m) => m.RectificationLedgerPage)}
          </RequireAccess>
        ),
      },
      {
        path: 'organisations',
        element: (
          <RequireAccess allowed={canOpenOrganisations}>
            {lazyPage(() => import('../organisations/organisations-page'), (m) => m.OrganisationsPage)}
          </RequireAccess>
        ),
      },
      {
        path: 'users',
        element: (
          <RequireAccess allowed={canOpenUsers}>
            {lazyPage(() => import('../users/users-page'), (m) => m.UsersPage)}
          </RequireAccess>
        ),
      },
      { path: 'notifications', element: lazyPage(() => import('../notifications/notifications-page'), (m) => m.NotificationsPage) },
      {
        path: 'budget-thresholds',
        element: guardedPage(() => import('../budget/thresholds-page'), (m) => ({ page: m.ThresholdsPage, allowed: m.canOpenThresholds })),
      },
      {
        path: 'frameworks',
        element: guardedPage(() => Promise.all([import('../frameworks/frameworks-page'), import('../frameworks/framework-access')]), ([m, access]) => ({ page: m.FrameworksPage, allowed: access.canOpenFrameworks })),
      },
      {
        path: 'frameworks/:id',
        element: guardedPage(() => Promise.all([import('../frameworks/framework-editor-page'), import('../frameworks/framework-access')]), ([m, access]) => ({ page: m.FrameworkEditorPage, allowed: access.canOpenFrameworks })),
      },
      {
        path: 'reminders/policies',
        element: guardedPage(() => import('../reminders/reminder-policies-page'), (m) => ({ page: m.ReminderPoliciesPage, allowed: m.canOpenReminderPolicies })),
      },
      {
        path: 'document-request-templates',
        element: guardedPage(() => import('../document-requests/document-request-templates-page'), (m) => ({ page: m.DocumentRequestTemplatesPage, allowed: m.canOpenDocumentRequestTemplates })),
      },
      {
        path: 'report-templates',
        element: guardedPage(() => import('../reports/report-templates-page'), (m) => ({ page: m.ReportTemplatesPage, allowed: m.canOpenReportTemplates })),
      },
      { path: '403', element: lazyPage(() => import('../errors/forbidden-page'), (m) => m.ForbiddenPage) },
      { path: '*', element: lazyPage(() => import('../errors/not-found-page'), (m) => m.NotFoundPage) },
    ],
  },
]);
