import { Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { listImportedStix } from '../api/stix.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { TlpLabel } from '../components/TlpLabel.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** Threat intelligence imported as STIX 2.1 (bundles, TAXII) that the user may read, newest first; read-only. */
export function ThreatIntelPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('threatIntel.title'));
  const data = useLoad(listImportedStix, user.id);
  return (
    <>
      <Heading level={1}>{t('threatIntel.title')}</Heading>
      <Paragraph>{t('threatIntel.intro')}</Paragraph>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' &&
        (data.data.items.length === 0 ? (
          <NoData />
        ) : (
          <>
            <Paragraph role="status">{t('common.total', { count: data.data.total })}</Paragraph>
            <DataTable testId="threat-intel-table" caption={t('threatIntel.caption')} headers={[t('threatIntel.type'), t('threatIntel.name'), t('threatIntel.tlp'), t('threatIntel.importedBy'), t('threatIntel.modified')]}>
              {data.data.items.map((object) => (
                <TableRow key={object.id}>
                  <TableCell>{t(`threatIntel.types.${object.type}`, { defaultValue: object.type })}</TableCell>
                  <TableCell>
                    <span title={object.stixId}>{object.name ?? object.stixId}</span>
                  </TableCell>
                  <TableCell>
                    <TlpLabel tlp={object.tlp} />
                  </TableCell>
                  <TableCell>{object.importingOrgName}</TableCell>
                  <TableCell>
                    <time dateTime={object.modified}>{formatDateTime(object.modified, i18n.language)}</time>
                  </TableCell>
                </TableRow>
              ))}
            </DataTable>
          </>
        ))}
    </>
  );
}
