import { createBrowserRouter } from 'react-router-dom';
import { canOpenEvaluations, canOpenOrganisations, canOpenUsers } from '../auth/access';
import { LoginPage } from '../auth/login-page';
import { RequireAccess } from '../auth/require-access';
import { RequireAuth } from '../auth/require-auth';
import { ForbiddenPage } from '../errors/forbidden-page';
import { NotFoundPage } from '../errors/not-found-page';
import { EvaluationDetailPage } from '../evaluations/evaluation-detail-page';
import { EvaluationsPage } from '../evaluations/evaluations-page';
import { HomePage } from '../home/home-page';
import { NotificationsPage } from '../notifications/notifications-page';
import { AppShell } from '../layout/app-shell';
import { OrganisationsPage } from '../organisations/organisations-page';
import { RectificationItemPage } from '../rectification/rectification-item-page';
import { RectificationLedgerPage } from '../rectification/ledger/rectification-ledger-page';
import { UsersPage } from '../users/users-page';
import { ThresholdsPage, canOpenThresholds } from '../budget/thresholds-page';
import { FrameworksPage } from '../frameworks/frameworks-page';
import { FrameworkEditorPage } from '../frameworks/framework-editor-page';
import { canOpenFrameworks } from '../frameworks/framework-access';
import { ReminderPoliciesPage, canOpenReminderPolicies } from '../reminders/reminder-policies-page';
import { DocumentRequestTemplatesPage, canOpenDocumentRequestTemplates } from '../document-requests/document-request-templates-page';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'evaluations',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            <EvaluationsPage />
          </RequireAccess>
        ),
      },
      {
        path: 'evaluations/:id',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            <EvaluationDetailPage />
          </RequireAccess>
        ),
      },
      {
        path: 'rectification-items/:id',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            <RectificationItemPage />
          </RequireAccess>
        ),
      },
      {
        path: 'rectification-ledger',
        element: (
          <RequireAccess allowed={canOpenEvaluations}>
            <RectificationLedgerPage />
          </RequireAccess>
        ),
      },
      {
        path: 'organisations',
        element: (
          <RequireAccess allowed={canOpenOrganisations}>
            <OrganisationsPage />
          </RequireAccess>
        ),
      },
      {
        path: 'users',
        element: (
          <RequireAccess allowed={canOpenUsers}>
            <UsersPage />
          </RequireAccess>
        ),
      },
      { path: 'notifications', element: <NotificationsPage /> },
      {
        path: 'budget-thresholds',
        element: (
          <RequireAccess allowed={canOpenThresholds}>
            <ThresholdsPage />
          </RequireAccess>
        ),
      },
      {
        path: 'frameworks',
        element: (
          <RequireAccess allowed={canOpenFrameworks}>
            <FrameworksPage />
          </RequireAccess>
        ),
      },
      {
        path: 'frameworks/:id',
        element: (
          <RequireAccess allowed={canOpenFrameworks}>
            <FrameworkEditorPage />
          </RequireAccess>
        ),
      },
      {
        path: 'reminders/policies',
        element: (
          <RequireAccess allowed={canOpenReminderPolicies}>
            <ReminderPoliciesPage />
          </RequireAccess>
        ),
      },
      {
        path: 'document-request-templates',
        element: (
          <RequireAccess allowed={canOpenDocumentRequestTemplates}>
            <DocumentRequestTemplatesPage />
          </RequireAccess>
        ),
      },
      { path: '403', element: <ForbiddenPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
