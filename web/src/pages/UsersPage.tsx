import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { listUsers } from '../api/registry.ts';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** User accounts of the own organisation (all of them for an administrator). */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('users.title'));
  const users = useLoad(listUsers, user.id);
  return (
    <>
      <Heading level={1}>{t('users.title')}</Heading>
      <Paragraph>{user.roles.includes('admin') ? t('users.introAdmin') : t('users.intro')}</Paragraph>
      {users.state === 'loading' && <Loading />}
      {users.state === 'error' && <ErrorState error={users.error} />}
      {users.state === 'done' &&
        (users.data.items.length === 0 ? (
          <NoData />
        ) : (
          <div className="vitaal-table-scroll">
            <Table data-testid="user-table">
              <TableCaption className="vitaal-visually-hidden">{t('users.caption')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('users.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('users.email')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('users.roles')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('users.state')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('users.lastLogin')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {users.data.items.map((account) => (
                  <TableRow key={account.id}>
                    <TableCell>{account.name}</TableCell>
                    <TableCell>{account.email}</TableCell>
                    <TableCell>{account.roles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ')}</TableCell>
                    <TableCell>{account.disabled ? t('users.disabled') : t('users.active')}</TableCell>
                    <TableCell>{account.lastLoginAt ? formatDateTime(account.lastLoginAt, i18n.language) : t('users.never')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ))}
    </>
  );
}
