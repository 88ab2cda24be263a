import { createContext, ReactNode, useContext, useMemo, useState } from 'react';
import { en, MessageKey } from './messages.en';
import { zh } from './messages.zh';

export type Locale = 'en-US' | 'zh-CN';
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'en-US': en, 'zh-CN': zh };
const STORAGE_KEY = 'tagstream.locale';

export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, vars) => fill(messages[key] ?? en[key] ?? key, vars);
}

export function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  percent(share: number): string;
  dateTime(iso: string | Date): string;
  date(iso: string | Date): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en-US' || stored === 'zh-CN') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo<I18n>(() => {
    const numbers = new Intl.NumberFormat(locale);
    const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      locale,
      setLocale: (next) => {
        globalThis.localStorage?.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next;
        setLocaleState(next);
      },
      t: translator(locale),
      number: (n, options) => (options ? new Intl.NumberFormat(locale, options).format(n) : numbers.format(n)),
      percent: (share) => percents.format(share),
      dateTime: (iso) => dateTimes.format(typeof iso === 'string' ? new Date(iso) : iso),
      date: (iso) => dates.format(typeof iso === 'string' ? new Date(iso) : iso),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
