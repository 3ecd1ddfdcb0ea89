import type { components } from './schema';

// Names for the generated schema's types (schema.d.ts comes from the server's DTOs and views:
// `npm run api:generate`), so screens say `PostbackRule` rather than the schema's path.
type Schemas = components['schemas'];

export type Role = Schemas['MeView']['role'];
export type Me = Schemas['MeView'];
export type RuleType = Schemas['CreatePostbackRuleDto']['type'];
export type HttpMethod = NonNullable<Schemas['CreatePostbackRuleDto']['method']>;
export type ContentType = NonNullable<Schemas['CreatePostbackRuleDto']['contentType']>;
export type PresetId = NonNullable<Schemas['CreatePostbackRuleDto']['presetId']>;
export type ConversionStatus = NonNullable<Schemas['CreatePostbackRuleDto']['statuses']>[number];
export type RuleBody = Schemas['CreatePostbackRuleDto'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type RuleWarning = Schemas['RuleWarning'];
export type RuleIssue = Schemas['RuleIssueView'];
export type HealthBadge = Schemas['HealthBadgeView'];
export type HealthState = HealthBadge['state'];
// A rule as the API answers it; listed rules also carry their health badge.
export type PostbackRule = Schemas['PostbackRuleView'] & { health?: HealthBadge };
export type SavedRule = Schemas['SavedRuleView'];
export type Preview = Schemas['RulePreviewView'];
export type PresetField = Schemas['PresetField'];
export type Preset = Schemas['PostbackPreset'];
export type Attempt = Schemas['AttemptView'];
export type PostbackLog = Schemas['PostbackLogView'];
export type Publisher = Schemas['Publisher'];
export type Offer = Schemas['OfferView'];
export type Advertiser = Schemas['AdvertiserView'];
export type RuleHealth = Schemas['RuleHealthView'];
export type User = Schemas['UserView'];
export type NewUser = Schemas['CreateUserDto'];
export type UserChanges = Schemas['UpdateUserDto'];
// A created user; the invite fields come when it was given no password.
export type CreatedUser = Schemas['CreatedUserView'];
export type InviteLink = Schemas['InviteLinkView'];
export type AdvertiserStatus = Advertiser['status'];
export type PublisherStatus = Publisher['status'];
export type OfferStatus = Offer['status'];
export type NewAdvertiser = Schemas['CreateAdvertiserDto'];
export type AdvertiserChanges = Schemas['UpdateAdvertiserDto'];
export type NewPublisher = Schemas['CreatePublisherDto'];
export type PublisherChanges = Schemas['UpdatePublisherDto'];
export type NewOffer = Schemas['CreateOfferDto'];
export type OfferChanges = Schemas['UpdateOfferDto'];
export type TrackingLink = Schemas['TrackingLinkView'];
export type PortalLink = Schemas['PortalLinkView'];
export type ApiKey = Schemas['ApiKeyView'];
export type NewApiKey = Schemas['CreateApiKeyDto'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type CurrencyRate = Schemas['CurrencyRateView'];
export type CurrencyRateList = Schemas['CurrencyRateList'];
export type Settings = Schemas['SettingsView'];
export type RuleRevision = Schemas['RuleRevisionView'];
export type AuditEntry = Schemas['AuditEntryView'];
export type ApprovalState = Schemas['PostbackRuleView']['approvalState'];
export type DeliveryState = PostbackLog['state'];
export type AttemptDetail = Schemas['AttemptDetailView'];
export type PostbackLogEntry = Schemas['PostbackLogEntryView'];
export type BulkRetryResult = Schemas['BulkRetryResult'];
export type Conversion = Schemas['ConversionView'];
export type ConversionWithHistory = Schemas['ConversionWithHistoryView'];
export type StatusChange = Schemas['StatusChangeView'];
export type IntakeLog = Schemas['IntakeLogView'];
export type IntakeOutcome = IntakeLog['outcome'];

export type NotificationEndpoint = Schemas['NotificationEndpointView'];
export type NewNotificationEndpoint = Schemas['CreateNotificationEndpointDto'];
export type NotificationEventName = NotificationEndpoint['events'][number];
export type SentNotification = Schemas['NotificationView'];
