import { Button, Footer, Link, PageHeader, Paragraph, SkipLink } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { menuFor } from '../navigation.ts';
import { navigate, useLocation } from '../router.ts';
import { useSession } from '../session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Logo in the Rijkshuisstijl manner: the vertical ribbon, then the name of the service. */
function ServiceLogo() {
  const { t } = useTranslation();
  return (
    <a className="vitaal-logo" href="/">
      <span className="vitaal-logo__ribbon" aria-hidden="true" />
      <span className="vitaal-logo__text">
        <span className="vitaal-logo__name">{t('app.name')}</span>
        <span className="vitaal-logo__tagline">{t('app.tagline')}</span>
      </span>
    </a>
  );
}

const isCurrent = (path: string, pathname: string) => (path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`));

/** The page frame: skip link, header with language switch and user, main menu by role, main landmark and footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After in-app navigation, move focus to the new content so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const user = session?.user;
  return (
    <div className="vitaal-page">
      <SkipLink href="#main">{t('app.skipLink')}</SkipLink>
      <PageHeader className="vitaal-header">
        <div className="vitaal-header__bar vitaal-wrapper">
          <ServiceLogo />
          <div className="vitaal-header__tools">
            <LanguageSwitch />
            {user && (
              <div className="vitaal-header__user">
                <p className="vitaal-header__who">
                  <span className="vitaal-header__name">{user.name}</span>
                  <span className="vitaal-header__organisation">{user.organisationName}</span>
                </p>
                <Button
                  appearance="secondary-action-button"
                  type="button"
                  onClick={() => {
                    void logout().then(() => navigate('/'));
                  }}
                >
                  {t('nav.logout')}
                </Button>
              </div>
            )}
          </div>
        </div>
        {user && (
          <div className="rhc-nav-bar__container vitaal-nav">
            <nav className="rhc-nav-bar vitaal-wrapper" aria-label={t('nav.label')}>
              <ul className="rhc-nav-bar__list">
                {menuFor(user.roles).map((item) => {
                  const current = isCurrent(item.path, location.pathname);
                  return (
                    <li key={item.path} className="rhc-nav-bar__item">
                      <Link className={current ? 'rhc-nav-bar__link rhc-nav-bar__link--bold' : 'rhc-nav-bar__link'} href={item.path} aria-current={current ? 'page' : undefined}>
                        <span className="rhc-nav-bar__label">{t(`nav.${item.label}`)}</span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </div>
        )}
      </PageHeader>
      <main id="main" ref={main} tabIndex={-1} className="vitaal-main vitaal-wrapper">
        {children}
      </main>
      <Footer
        background="primary-filled"
        className="vitaal-footer"
        appearanceLevel={4}
        columns={[
          { heading: t('app.name'), children: <Paragraph>{t('app.footer')}</Paragraph> },
          { heading: t('app.needToKnowHeading'), children: <Paragraph>{t('app.footerNeedToKnow')}</Paragraph> },
        ]}
      />
    </div>
  );
}
