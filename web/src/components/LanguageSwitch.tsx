import { useTranslation } from 'react-i18next';
import { changeLanguage, languages } from '../i18n/i18n.ts';

/** Two buttons, Nederlands and English, each in its own language; the current one is pressed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="vitaal-language" aria-label={t('language.label')}>
      <ul className="vitaal-language__list">
        {languages.map((language) => (
          <li key={language}>
            <button
              type="button"
              className="vitaal-language__button rhc-link"
              lang={language}
              aria-pressed={i18n.language === language}
              data-language={language}
              onClick={() => changeLanguage(language)}
            >
              {t(`language.${language}`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
