import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/app-layout';
import { NotFoundPage } from './components/not-found-page';
import { RequireSession, useMeOrNull } from './components/require-session';
import { AdvertiserHomePage } from './routes/advertiser/advertiser-home-page';
import { ConversionPage } from './routes/conversions/conversion-page';
import { ConversionsPage } from './routes/conversions/conversions-page';
import { IntakeLogsPage } from './routes/intake-logs/intake-logs-page';
import { LogsPage } from './routes/logs/logs-page';
import { InvitePage } from './routes/invite/invite-page';
import { RuleEditorPage } from './routes/rule-editor/rule-editor-page';
import { RulesListPage } from './routes/rules/rules-list-page';
import { SignInPage } from './routes/sign-in/sign-in-page';
import { UsersPage } from './routes/users/users-page';

// Each role lands on the first screen it has.
function Home() {
  const me = useMeOrNull();
  return <Navigate to={me?.role === 'advertiser' ? '/postback-url' : '/rules'} replace />;
}

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/invite/:token', element: <InvitePage /> },
    {
      element: <RequireSession />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Home /> },
            {
              element: <RequireSession roles={['admin', 'publisher']} />,
              children: [
                { path: 'rules', element: <RulesListPage /> },
                { path: 'rules/new', element: <RuleEditorPage /> },
                { path: 'rules/:id', element: <RuleEditorPage /> },
                { path: 'logs', element: <LogsPage /> },
              ],
            },
            // Every role has conversions and the API scopes them; intake logs are advertisers'.
            { path: 'conversions', element: <ConversionsPage /> },
            { path: 'conversions/:id', element: <ConversionPage /> },
            {
              element: <RequireSession roles={['admin', 'advertiser']} />,
              children: [{ path: 'intake-logs', element: <IntakeLogsPage /> }],
            },
            {
              element: <RequireSession roles={['admin']} />,
              children: [{ path: 'users', element: <UsersPage /> }],
            },
            {
              element: <RequireSession roles={['advertiser']} />,
              children: [{ path: 'postback-url', element: <AdvertiserHomePage /> }],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/app' },
);
