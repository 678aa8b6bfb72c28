import { Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { organisationKinds } from '../../../src/domain/roles.ts';
import { listOrganisations } from '../api/registry.ts';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { KindFilter, useKindParameter } from '../components/KindFilter.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The organisations the user may see, filterable by kind. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  useTitle(t('organisations.title'));
  const kind = useKindParameter(organisationKinds);
  const organisations = useLoad(() => listOrganisations(kind), kind ?? '');
  return (
    <>
      <Heading level={1}>{t('organisations.title')}</Heading>
      <Paragraph>{t('organisations.intro')}</Paragraph>
      <KindFilter path="/organisations" kinds={organisationKinds} label={t('organisations.filterKind')} names="kinds" />
      {organisations.state === 'loading' && <Loading />}
      {organisations.state === 'error' && <ErrorState error={organisations.error} />}
      {organisations.state === 'done' &&
        (organisations.data.items.length === 0 ? (
          <NoData />
        ) : (
          <>
            <Paragraph role="status">{t('common.total', { count: organisations.data.total })}</Paragraph>
            <DataTable testId="organisation-table" caption={t('organisations.caption')} headers={[t('organisations.name'), t('organisations.kind'), t('organisations.country'), t('organisations.code')]}>
              {organisations.data.items.map((organisation) => (
                <TableRow key={organisation.id}>
                  <TableCell>{organisation.name}</TableCell>
                  <TableCell>{t(`kinds.${organisation.kind}`)}</TableCell>
                  <TableCell>{organisation.country}</TableCell>
                  <TableCell>{organisation.code}</TableCell>
                </TableRow>
              ))}
            </DataTable>
          </>
        ))}
    </>
  );
}
