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
  const { t, te } = useI18n();
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
  const roleLabel = (role: string): string => (te(`role.${role}`) ? t(`role.${role}`) : role);
  const errorTitle = (code: string): string =>
    te(`error.${code}`) ? t(`error.${code}`) : t('error.unknown');
  return { label, fieldLabel, roleLabel, errorTitle };
}
