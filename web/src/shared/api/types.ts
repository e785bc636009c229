// Wire types of the REST API: names for the schemas of the served OpenAPI document
// (src/kernel/http/openapi.json), which `npm run gen:api` (openapi-typescript) turns into
// ./generated/openapi.ts before every type-check, build and test. A field renamed or removed
// there fails vue-tsc here, so the console cannot drift from the document: a type the console
// needs is added to openapi.json as a schema, never written by hand here.
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

// ---- enumerations (the wire names; their values as arrays come from ./enums) ----
export type RequestType = Schemas['RequestType'];
export type MyChannels = Schemas['MyChannels'];
export type Priority = Schemas['Priority'];
export type PriorityArea = Schemas['PriorityArea'];
export type Confidentiality = Schemas['Confidentiality'];
export type DataCategory = Schemas['DataCategory'];
export type RequestState = Schemas['RequestState'];
export type RequestEvent = Schemas['RequestEvent'];
export type IdentifierKind = Schemas['IdentifierKind'];
export type RefusalGround = Schemas['RefusalGround'];
export type Tlp = Schemas['Tlp'];
export type DeliveryState = Schemas['DeliveryState'];
export type EscalationTrigger = Schemas['EscalationTrigger'];
export type EscalationState = Schemas['EscalationState'];
export type RotationUnit = Schemas['RotationUnit'];
export type ContactChannel = Schemas['ContactChannel'];
export type DirectoryChannelKind = Schemas['DirectoryChannelKind'];

// ---- requests ----
export type BilingualText = Schemas['BilingualText'];
export type Identifier = Schemas['Identifier'];
export type ChecklistItem = Schemas['ChecklistItem'];
export type Completeness = Schemas['Completeness'];
/** What the console sends to create or validate a request: the type and the requested party set. */
export type RequestContent = Schemas['RequestContent'] & { type: RequestType; requested_party: string };
export type Refusal = Schemas['Refusal'];
export type Request = Schemas['Request'];
export type RequestPage = Schemas['RequestPage'];
export type OralCall = Schemas['OralCall'];
export type OralRequestInput = Schemas['OralRequestInput'];
export type IncomingEmergency = Schemas['IncomingEmergency'];
export type OwedConfirmation = Schemas['OwedConfirmation'];
export type EmergenciesResponse = Schemas['Emergencies'];
export type Receipt = Schemas['Receipt'];
export type Delivery = Schemas['Delivery'];
export type RequestTypeInfo = Schemas['RequestTypeInfo'];
export type RequestTypes = Schemas['RequestTypes'];
export type FieldError = Schemas['FieldError'];
export type ValidateResponse = Schemas['ValidateResult'];
export type EventArgs = Schemas['Event'];
export type Message = Schemas['RequestMessage'];
export type CustodyEntry = Schemas['CustodyEntry'];
export type AttachmentTransfer = Schemas['AttachmentTransfer'];
export type Attachment = Schemas['Attachment'];
export type LedgerRecord = Schemas['LedgerRecord'];

// ---- node and users ----
export type Party = Schemas['Party'];
export type NodeInfo = Schemas['NodeInfo'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type UserList = Schemas['UserList'];
export type NewUser = Schemas['NewUser'];
export type TotpSetup = Schemas['TotpSetup'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenList = Schemas['ApiTokenList'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type NotificationDelivery = Schemas['NotificationDelivery'];
export type NotificationDeliveryList = Schemas['NotificationDeliveryList'];

// ---- federation ----
export type Peer = Schemas['Peer'];
export type PeerList = Schemas['PeerList'];
export type QuarantineItem = Schemas['QuarantineItem'];
export type QuarantineList = Schemas['QuarantineList'];

// ---- indicator sharing ----
export type IndicatorSet = Schemas['IndicatorSet'];
export type PartyEffectiveness = Schemas['PartyEffectiveness'];
export type Effectiveness = Schemas['Effectiveness'];
export type IndicatorInput = Schemas['IndicatorInput'];
export type IndicatorSetInput = Schemas['IndicatorSetInput'];
export type Indicator = Schemas['Indicator'];
export type IndicatorPage = Schemas['IndicatorPage'];
export type ImportResult = Schemas['ImportResult'];
export type SightingFeedback = Schemas['SightingFeedback'];
export type Sighting = Schemas['Sighting'];

// ---- deadlines (docs/HOTLINE.md): computed by the server when a request is read ----
export type DeadlineClock = Schemas['DeadlineClock'];
export type Deadlines = Schemas['Deadlines'];
export type RegisterDeadline = Schemas['RegisterDeadline'];

// ---- the three-tier hotline (docs/HOTLINE.md) ----
export type PartyUser = Schemas['PartyUser'];
export type EscalationStep = Schemas['EscalationStep'];
export type LadderTarget = Schemas['LadderTarget'];
export type LadderRule = Schemas['LadderRule'];
export type Ladder = Schemas['Ladder'];
export type Escalation = Schemas['Escalation'];
export type EscalationInput = Schemas['EscalationInput'];
export type OnCallEntry = Schemas['OnCallEntry'];
export type OnCall = Schemas['OnCall'];
export type RosterLayer = Schemas['RosterLayer'];
export type RosterOverride = Schemas['RosterOverride'];
export type Schedule = Schemas['Schedule'];
export type ActionItem = Schemas['ActionItem'];
export type HotlineContact = Schemas['HotlineContact'];
/** POST /hotline/contacts: an entry without what the server fills in. */
export type HotlineContactInput = Omit<HotlineContact, 'id' | 'party' | 'created_at'>;
export type DrillResult = Schemas['DrillResult'];
export type Drill = Schemas['Drill'];
export type DrillInput = Schemas['DrillInput'];
export type AckStats = Schemas['AckStats'];
export type HotlineReview = Schemas['HotlineReview'];

// ---- the 24/7 point-of-contact directory (GET /contacts) ----
export type DirectoryChannel = Schemas['DirectoryChannel'];
export type DirectoryContact = Schemas['DirectoryContact'];
export type DirectoryPage = Schemas['DirectoryPage'];
/** POST /contacts and PATCH /contacts/{id} (the Contact body): the person's fields. */
export type DirectoryContactInput = Required<
  Pick<Schemas['Contact'], 'name' | 'organisation' | 'tier' | 'timezone' | 'languages' | 'channels'>
>;
