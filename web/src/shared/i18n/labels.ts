// Translated names of the API's enumeration values. An unknown value (a newer server) shows
// as itself rather than as a message key.
import { useI18n } from 'vue-i18n';

export type EnumGroup =
  | 'type'
  | 'typeHint'
  | 'priority'
  | 'priority_area'
  | 'confidentiality'
  | 'data_category'
  | 'identifier_kind'
  | 'state'
  | 'event'
  | 'refusal_ground'
  | 'direction'
  | 'delivery';

export function useLabels() {
  const { t, te, locale } = useI18n();
  const label = (group: EnumGroup, value: string | null | undefined): string => {
    if (!value) return '';
    const key = `enum.${group}.${value}`;
    return te(key) ? t(key) : value;
  };
  /** A checklist item or content field ("custodian", "identifiers", …). */
  const fieldLabel = (name: string): string => {
    const key = `field.${name}`;
    return te(key) ? t(key) : name;
  };
  /** Checklist items named and listed in the console's language ("Title, Offence" / "标题、罪名"). */
  const fieldList = (names: readonly string[]): string =>
    names.map(fieldLabel).join(locale.value === 'zh-CN' ? '、' : ', ');
  const roleLabel = (role: string): string => (te(`role.${role}`) ? t(`role.${role}`) : role);
  const errorTitle = (code: string): string =>
    te(`error.${code}`) ? t(`error.${code}`) : t('error.unknown');
  return { label, fieldLabel, fieldList, roleLabel, errorTitle };
}

/** Names of the hotline's and the deadline clocks' values (tiers, triggers, clocks, …). */
export function useHotlineLabels() {
  const { t, te } = useI18n();
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  /** "Tier 1 · Working level". */
  const tierLabel = (tier: number): string => pick(`hotline.tier.t${tier}`, t('hotline.tierN', { n: tier }));
  /** "Tier 1". */
  const tierShort = (tier: number): string => t('hotline.tierN', { n: tier });
  const triggerLabel = (v: string): string => pick(`hotline.trigger.${v}`, v);
  const escStateLabel = (v: string): string => pick(`hotline.escState.${v}`, v);
  const channelLabel = (v: string): string => pick(`hotline.log.channels.${v}`, v);
  const drillResultLabel = (v: string): string => pick(`hotline.drills.results.${v}`, v);
  const clockLabel = (v: string): string => pick(`deadline.clock.${v}`, v);
  const clockStateLabel = (v: string): string => pick(`deadline.state.${v}`, v);
  const rotationUnitLabel = (v: string): string => pick(`hotline.roster.units.${v}`, v);
  return {
    tierLabel,
    tierShort,
    triggerLabel,
    escStateLabel,
    channelLabel,
    drillResultLabel,
    clockLabel,
    clockStateLabel,
    rotationUnitLabel,
  };
}
