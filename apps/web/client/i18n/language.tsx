import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/*
 * Vietnamese first, English beside it. Each screen keeps its own words next to its code (`const TEXT = { vi:
 * {...}, en: {...} }`, the same keys in both, checked by the compiler) and reads them with useText(TEXT).
 * The choice is kept per browser (localStorage) and said to the page (<html lang>), to Ant Design, to the
 * charts and to the sign-in page.
 */

export type Language = 'vi' | 'en';

export type Dictionary<K extends string> = { vi: Record<K, string>; en: Record<K, string> };

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const STORAGE_KEY = 'dxhub-lang';
const LanguageContext = createContext<LanguageState>({ language: 'vi', setLanguage: () => undefined });

export function storedLanguage(fallback: string): Language {
  const stored = localStorage.getItem(STORAGE_KEY) ?? fallback;
  return stored === 'en' ? 'en' : 'vi';
}

export function LanguageProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [language, setState] = useState<Language>(initial);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** `t('key')` in the chosen language; `t('key', { n: 3 })` fills `{n}`. */
export function useText<K extends string>(dictionary: Dictionary<K>) {
  const { language } = useLanguage();
  return useCallback(
    (key: K, values?: Record<string, string | number>) => {
      let text = dictionary[language][key];
      for (const [name, value] of Object.entries(values ?? {})) text = text.split(`{${name}}`).join(String(value));
      return text;
    },
    [dictionary, language],
  );
}

/** The Vietnamese official name, or the English one beside it when English is chosen (falling back to Vietnamese). */
export function useLocalName() {
  const { language } = useLanguage();
  return useCallback(
    (named: { nameVi?: string | null; nameEn?: string | null; code?: string }) =>
      (language === 'en' ? named.nameEn || named.nameVi : named.nameVi) || named.code || '',
    [language],
  );
}
