import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '@/shared/i18n/en';
import zhCN from '@/shared/i18n/zh-CN';
import { localeForBrowser, otherLanguage } from '@/shared/i18n';
import { EVENT_STEPS } from '@/features/requests/detail/timeline';
import {
  CONFIDENTIALITY,
  CONTACT_CHANNELS,
  DATA_CATEGORIES,
  DELIVERY_STATES,
  DIRECTIONS,
  ESCALATION_STATES,
  ESCALATION_TRIGGERS,
  IDENTIFIER_KINDS,
  PRIORITIES,
  PRIORITY_AREAS,
  REFUSAL_GROUNDS,
  REQUEST_EVENTS,
  REQUEST_STATES,
  REQUEST_TYPES,
  ROLES,
  ROTATION_UNITS,
  SERVER_ERROR_CODES,
  SIGHTING_ACTIONS,
} from '@/shared/api/enums';
import { CHECKLIST_ITEMS } from './fixtures/checklist';

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') keys.push(...flatten(v as Record<string, unknown>, key));
    else keys.push(key);
  }
  return keys.sort();
}

const enKeys = flatten(en);
const zhKeys = flatten(zhCN as unknown as Record<string, unknown>);

// The enumerations of the API, as the OpenAPI document lists them (src/shared/api/enums.ts,
// generated): each must have a name in both languages.
const ENUMS: Record<string, readonly string[]> = {
  type: REQUEST_TYPES,
  priority: PRIORITIES,
  priority_area: PRIORITY_AREAS,
  confidentiality: CONFIDENTIALITY,
  data_category: DATA_CATEGORIES,
  identifier_kind: IDENTIFIER_KINDS,
  state: REQUEST_STATES,
  event: REQUEST_EVENTS,
  refusal_ground: REFUSAL_GROUNDS,
  direction: DIRECTIONS,
  delivery: DELIVERY_STATES,
};
// Timeline steps (features/requests/detail/timeline.ts) and peer health (features/federation/health.ts).
const STEP_KINDS = [
  ...new Set([...Object.values(EVENT_STEPS), 'created', 'edited', 'received', 'message', 'attachment', 'other']),
];
const HEALTH = ['green', 'amber', 'red'];
const HEALTH_REASONS = ['ok', 'never', 'stale', 'error'];
// Every code the node answers with (the OpenAPI ErrorCode enum, which ApiTest holds to the
// server's status codes), and the client's own: a code this console does not know.
const ERROR_CODES = [...SERVER_ERROR_CODES, 'unknown'];

describe('i18n messages', () => {
  it('has every English key in Chinese', () => {
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('has every Chinese key in English', () => {
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
  });

  it('has no empty message', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { en, 'zh-CN': zhCN } });
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const key of enKeys) {
        const text = i18n.global.t(key, { n: 1, score: 1, items: 'x', name: 'x', event: 'x', message: 'x', lang: 'x', h: 1, m: 1 }, { locale });
        expect(text, `${locale}:${key}`).not.toBe('');
        expect(text, `${locale}:${key}`).not.toBe(key);
      }
    }
  });

  it('names every enumeration value, checklist item, role and error code in both languages', () => {
    const wanted = [
      ...Object.entries(ENUMS).flatMap(([group, values]) => values.map((v) => `enum.${group}.${v}`)),
      ...ENUMS.type.map((v) => `enum.typeHint.${v}`),
      ...CHECKLIST_ITEMS.map((i) => `field.${i}`),
      ...ROLES.map((r) => `role.${r}`),
      ...ERROR_CODES.map((c) => `error.${c}`),
      ...['reason', 'ground', 'until', 'preserved_until', 'rating', 'requested_ref'].map((a) => `field.${a}`),
      ...STEP_KINDS.map((k) => `timeline.step.${k}`),
      ...HEALTH.map((h) => `peers.health.${h}`),
      ...HEALTH_REASONS.map((r) => `peers.reason.${r}`),
      ...ENUMS.delivery.map((d) => `delivery.hint.${d}`),
    ];
    expect(wanted.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(wanted.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('translates the values the end-to-end test looks for', () => {
    expect(zhCN.enum.type.preservation).toContain('保全');
    expect(en.enum.state.submitted).toBe('Submitted');
    expect(en.enum.delivery.delivered).toBe('Delivered');
    expect(en.nav.peers).toBe('Peers');
    expect(zhCN.nav.peers).toBe('对端节点');
    expect(en.timeline.signedBy).toBe('signed by {party}');
    expect(en.timeline.signatureValid).toBe('signature valid');
  });

  it('differs between the languages for every enumeration value (nothing left untranslated)', () => {
    for (const [group, values] of Object.entries(ENUMS)) {
      if (group === 'priority') continue; // "P0 · …" shares the code
      for (const v of values) {
        const e = (en.enum as Record<string, Record<string, string>>)[group][v];
        const z = (zhCN.enum as Record<string, Record<string, string>>)[group][v];
        expect(z, `${group}.${v}`).not.toBe(e);
      }
    }
  });
});

describe('hotline and deadline messages', () => {
  // Values of docs/HOTLINE.md and of the API contract (the generated enumerations) the hotline
  // and sharing pages name.
  const HOTLINE: Record<string, readonly string[]> = {
    'hotline.tier': ['t1', 't2', 't3'],
    'hotline.trigger': ESCALATION_TRIGGERS,
    'hotline.escState': ESCALATION_STATES,
    'hotline.log.channels': CONTACT_CHANNELS,
    'hotline.drills.results': ['pending', 'pass', 'fail'],
    'hotline.roster.units': ROTATION_UNITS,
    'sharing.actions': SIGHTING_ACTIONS,
    'deadline.clock': ['acknowledge', 'preserve', 'first_reply', 'fulfil', 'preservation_expiry'],
    'deadline.state': ['not_started', 'running', 'paused', 'met', 'met_late', 'overdue'],
    'deadline.unit': ['hours', 'days', 'business_days'],
    'deadline.unit1': ['hours', 'days', 'business_days'],
    'hotline.tabs': ['escalations', 'oncall', 'rosters', 'log', 'drills', 'review'],
  };
  it('names every value in both languages', () => {
    const wanted = Object.entries(HOTLINE).flatMap(([group, values]) => values.map((v) => `${group}.${v}`));
    expect(wanted.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(wanted.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });
  it('marks drills in both languages whatever the console language', () => {
    for (const m of [en, zhCN]) {
      expect(m.hotline.drill).toContain('DRILL');
      expect(m.hotline.drill).toContain('演练');
    }
    expect(en.nav.hotline).toBe('Hotline');
    expect(zhCN.nav.hotline).toBe('热线');
    expect(en.deadline.title).toBe('Deadlines');
    expect(zhCN.deadline.title).toBe('期限');
    expect(en.deadline.paused).toBe('Paused (waiting for information)');
  });
});

describe('locale choice', () => {
  it('follows the browser language on the first visit', () => {
    expect(localeForBrowser('zh-CN')).toBe('zh-CN');
    expect(localeForBrowser('zh-TW')).toBe('zh-CN');
    expect(localeForBrowser('zh')).toBe('zh-CN');
    expect(localeForBrowser('en-US')).toBe('en');
    expect(localeForBrowser('fr')).toBe('en');
    expect(localeForBrowser(undefined)).toBe('en');
  });

  it('picks the other language for translations', () => {
    expect(otherLanguage('zh-CN')).toBe('en');
    expect(otherLanguage('en')).toBe('zh-CN');
  });
});
