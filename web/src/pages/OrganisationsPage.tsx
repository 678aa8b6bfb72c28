import { FormFieldSelect, Heading, Paragraph, SelectOption, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@rijkshuisstijl-community/components-react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationKinds, type OrganisationKind } from '../../../src/domain/roles.ts';
import { listOrganisations } from '../api/registry.ts';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { navigate, useLocation } from '../router.ts';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const asKind = (value: string | null): OrganisationKind | undefined => (organisationKinds as readonly string[]).includes(value ?? '') ? (value as OrganisationKind) : undefined;

/** The organisations the user may see, filterable by kind. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  useTitle(t('organisations.title'));
  const location = useLocation();
  const kind = asKind(location.searchParams.get('kind'));
  const organisations = useLoad(() => listOrganisations(kind), kind ?? '');
  return (
    <>
      <Heading level={1}>{t('organisations.title')}</Heading>
      <Paragraph>{t('organisations.intro')}</Paragraph>
      <form className="vitaal-filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
        <FormFieldSelect
          label={t('organisations.filterKind')}
          name="kind"
          value={kind ?? ''}
          onChange={(event: ChangeEvent<HTMLSelectElement>) => navigate(event.target.value ? `/organisations?kind=${event.target.value}` : '/organisations', { replace: true })}
        >
          <SelectOption value="">{t('common.all')}</SelectOption>
          {organisationKinds.map((value) => (
            <SelectOption key={value} value={value}>
              {t(`kinds.${value}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
      </form>
      {organisations.state === 'loading' && <Loading />}
      {organisations.state === 'error' && <ErrorState error={organisations.error} />}
      {organisations.state === 'done' &&
        (organisations.data.items.length === 0 ? (
          <NoData />
        ) : (
          <>
            <Paragraph role="status">{t('common.total', { count: organisations.data.total })}</Paragraph>
            <div className="vitaal-table-scroll">
              <Table data-testid="organisation-table">
                <TableCaption className="vitaal-visually-hidden">{t('organisations.caption')}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('organisations.name')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('organisations.kind')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('organisations.country')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('organisations.code')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {organisations.data.items.map((organisation) => (
                    <TableRow key={organisation.id}>
                      <TableCell>{organisation.name}</TableCell>
                      <TableCell>{t(`kinds.${organisation.kind}`)}</TableCell>
                      <TableCell>{organisation.country}</TableCell>
                      <TableCell>{organisation.code}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </>
        ))}
    </>
  );
}
