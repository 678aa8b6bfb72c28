import { Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { listAudit, listUsers } from '../api/registry.ts';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The newest audit entries about the own organisation (all for an administrator). */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('audit.title'));
  const data = useLoad(() => Promise.all([listAudit(100), listUsers()]), user.id);
  return (
    <>
      <Heading level={1}>{t('audit.title')}</Heading>
      <Paragraph>{t('audit.intro')}</Paragraph>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' &&
        (() => {
          const [entries, users] = data.data;
          if (entries.items.length === 0) return <NoData />;
          const userName = new Map(users.items.map((account) => [account.id, account.name]));
          const actorOf = (actorUserId: string | null) => (actorUserId === null ? t('audit.system') : actorUserId === user.id ? t('audit.you') : (userName.get(actorUserId) ?? actorUserId.slice(0, 8)));
          return (
            <>
              <Paragraph role="status">{entries.total > entries.items.length ? t('common.shown', { shown: entries.items.length, total: entries.total }) : t('common.total', { count: entries.total })}</Paragraph>
              <DataTable testId="audit-table" caption={t('audit.caption')} headers={[t('audit.seq'), t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.object')]}>
                {entries.items.map((entry) => (
                  <TableRow key={entry.seq}>
                    <TableCell>{entry.seq}</TableCell>
                    <TableCell>
                      <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
                    </TableCell>
                    <TableCell>{actorOf(entry.actorUserId)}</TableCell>
                    <TableCell>{entry.action}</TableCell>
                    <TableCell>{entry.objectType}</TableCell>
                  </TableRow>
                ))}
              </DataTable>
            </>
          );
        })()}
    </>
  );
}
