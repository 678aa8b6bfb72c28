import { Heading, Link, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { countOf, type CountedList } from '../api/registry.ts';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { formatNumber } from '../format.ts';
import { assetRoles, hasAnyRole } from '../navigation.ts';
import type { Role } from '../../../src/domain/roles.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

interface Tile {
  key: 'sectors' | 'processes' | 'organisations' | 'designations' | 'assets' | 'dependencies' | 'users';
  list: CountedList;
  href?: string;
  roles: readonly Role[] | 'all';
}

const designationRoles: readonly Role[] = ['coordinator', 'ministry', 'supervisor', 'provider'];

const tiles: readonly Tile[] = [
  { key: 'processes', list: '/api/v1/vital-processes', href: '/processes', roles: 'all' },
  { key: 'sectors', list: '/api/v1/sectors', href: '/processes', roles: 'all' },
  { key: 'organisations', list: '/api/v1/organisations', href: '/organisations', roles: 'all' },
  { key: 'designations', list: '/api/v1/process-providers', roles: designationRoles },
  { key: 'assets', list: '/api/v1/assets', href: '/assets', roles: assetRoles },
  { key: 'dependencies', list: '/api/v1/dependencies', roles: assetRoles },
  { key: 'users', list: '/api/v1/users', href: '/users', roles: 'all' },
];

/** The dashboard: who is signed in, and how many records of each kind the role may see. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('home.title'));
  const visible = tiles.filter((tile) => hasAnyRole(user.roles, tile.roles));
  const counts = useLoad(() => Promise.all(visible.map((tile) => countOf(tile.list))), user.id);
  const role = user.roles.map((name) => t(`roles.${name}`, { defaultValue: name })).join(', ');
  return (
    <>
      <Heading level={1}>{t('home.welcome', { name: user.name })}</Heading>
      <Paragraph purpose="lead">{t('home.intro', { role, organisation: user.organisationName })}</Paragraph>
      <Heading level={2}>{t('home.counts')}</Heading>
      {counts.state === 'loading' && <Loading />}
      {counts.state === 'error' && <ErrorState error={counts.error} />}
      {counts.state === 'done' && (
        <ul className="vitaal-tiles" data-testid="dashboard-counts">
          {visible.map((tile, index) => (
            <li key={tile.key} className="vitaal-tile" data-count={tile.key}>
              <Heading level={3} appearanceLevel={5}>
                {t(`home.${tile.key}`)}
              </Heading>
              <p className="vitaal-tile__number">{formatNumber(counts.data[index] ?? 0, i18n.language)}</p>
              {tile.href && (
                <Link href={tile.href}>
                  {t('home.open')}
                  <span className="vitaal-visually-hidden">: {t(`home.${tile.key}`)}</span>
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {!hasAnyRole(user.roles, assetRoles) && <Paragraph>{t('needToKnow.body', { role })}</Paragraph>}
    </>
  );
}
