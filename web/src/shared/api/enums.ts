// The values of the API's enumerations, as the served OpenAPI document (src/kernel/http/openapi.json)
// lists them: generated into ./generated/openapi.ts by `npm run gen:api`, so a value added to
// or renamed in the document reaches every list the console shows and type-checks against.
export {
  requestTypeValues as REQUEST_TYPES,
  priorityValues as PRIORITIES,
  priorityAreaValues as PRIORITY_AREAS,
  confidentialityValues as CONFIDENTIALITY,
  dataCategoryValues as DATA_CATEGORIES,
  identifierKindValues as IDENTIFIER_KINDS,
  requestStateValues as REQUEST_STATES,
  requestEventValues as REQUEST_EVENTS,
  requestDirectionValues as DIRECTIONS,
  deliveryStateValues as DELIVERY_STATES,
  refusalGroundValues as REFUSAL_GROUNDS,
  tlpValues as TLP_LEVELS,
  escalationTriggerValues as ESCALATION_TRIGGERS,
  escalationStateValues as ESCALATION_STATES,
  rotationUnitValues as ROTATION_UNITS,
  contactChannelValues as CONTACT_CHANNELS,
  sightingFeedbackActionValues as SIGHTING_ACTIONS,
  directoryChannelKindValues as DIRECTORY_CHANNEL_KINDS,
  newUserRoleValues as ROLES,
  errorReasonValues as ERROR_REASONS,
  errorFormValues as ERROR_FORMS,
  errorCodeValues as SERVER_ERROR_CODES,
} from './generated/openapi';
