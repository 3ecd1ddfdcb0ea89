import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/app-layout';
import { NotFoundPage } from './components/not-found-page';
import { RequireSession, useMeOrNull } from './components/require-session';
import { AdvertiserHomePage } from './routes/advertiser/advertiser-home-page';
import { AdvertiserPage } from './routes/advertisers/advertiser-page';
import { AdvertisersPage } from './routes/advertisers/advertisers-page';
import { ApiKeysPage } from './routes/api-keys/api-keys-page';
import { CurrencyRatesPage } from './routes/currency-rates/currency-rates-page';
import { ApprovalsPage } from './routes/approvals/approvals-page';
import { AuditPage } from './routes/audit/audit-page';
import { ConversionPage } from './routes/conversions/conversion-page';
import { ConversionsPage } from './routes/conversions/conversions-page';
import { IntakeLogsPage } from './routes/intake-logs/intake-logs-page';
import { LogsPage } from './routes/logs/logs-page';
import { NotificationsPage } from './routes/notifications/notifications-page';
import { InvitePage } from './routes/invite/invite-page';
import { OfferPage } from './routes/offers/offer-page';
import { OffersPage } from './routes/offers/offers-page';
import { PublisherPage } from './routes/publishers/publisher-page';
import { PublishersPage } from './routes/publishers/publishers-page';
import { RuleEditorPage } from './routes/rule-editor/rule-editor-page';
import { RulesListPage } from './routes/rules/rules-list-page';
import { SettingsPage } from './routes/settings/settings-page';
import { SignInPage } from './routes/sign-in/sign-in-page';
import { TrackingLinksPage } from './routes/tracking-links/tracking-links-page';
import { UsersPage } from './routes/users/users-page';

// Each role lands on the first screen it has: managers and publishers on their overview.
function Home() {
  const me = useMeOrNull();
  return <Navigate to={me?.role === 'advertiser' ? '/postback-url' : '/overview'} replace />;
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
                // Loaded when opened: its chart library is the console's largest.
                {
                  path: 'overview',
                  lazy: () =>
                    import('./routes/overview/overview-page').then((m) => ({
                      Component: m.OverviewPage,
                    })),
                },
                { path: 'rules', element: <RulesListPage /> },
                { path: 'rules/new', element: <RuleEditorPage /> },
                { path: 'rules/:id', element: <RuleEditorPage /> },
                { path: 'audit', element: <AuditPage /> },
                { path: 'logs', element: <LogsPage /> },
                { path: 'notifications', element: <NotificationsPage /> },
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
              children: [
                { path: 'users', element: <UsersPage /> },
                { path: 'advertisers', element: <AdvertisersPage /> },
                { path: 'advertisers/:id', element: <AdvertiserPage /> },
                { path: 'offers', element: <OffersPage /> },
                { path: 'offers/:id', element: <OfferPage /> },
                { path: 'publishers', element: <PublishersPage /> },
                { path: 'publishers/:id', element: <PublisherPage /> },
                { path: 'api-keys', element: <ApiKeysPage /> },
                { path: 'currency-rates', element: <CurrencyRatesPage /> },
                { path: 'approvals', element: <ApprovalsPage /> },
                { path: 'settings', element: <SettingsPage /> },
              ],
            },
            {
              element: <RequireSession roles={['publisher']} />,
              children: [{ path: 'tracking-links', element: <TrackingLinksPage /> }],
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
