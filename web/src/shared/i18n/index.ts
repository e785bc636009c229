// The console's two languages. The choice is kept in localStorage; the first visit follows the
// browser (zh-CN for any "zh*" language, English otherwise).
import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const STORAGE_KEY = 'liaison.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The language for a browser language tag ("zh", "zh-TW", "en-US", …). */
export function localeForBrowser(lang: string | undefined): Locale {
  return lang && lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function initialLocale(): Locale {
  const saved = storage()?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  return localeForBrowser(typeof navigator === 'undefined' ? undefined : navigator.language);
}

export const messages = { en, 'zh-CN': zhCN };

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages,
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  storage()?.setItem(STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The language the other party most likely needs a translation into. */
export function otherLanguage(lang: string): Locale {
  return lang.toLowerCase().startsWith('zh') ? 'en' : 'zh-CN';
}
