import { Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { assetKinds } from '../../../src/domain/registry.ts';
import { listAssets, listOrganisations, listProcesses } from '../api/registry.ts';
import { ErrorState, ListCount, Loading, NoData, NotPermitted } from '../components/PageStates.tsx';
import { formatEuros, formatNumber } from '../format.ts';
import { assetRoles, hasAnyRole } from '../navigation.ts';
import { useUser } from '../session.tsx';
import { KindFilter, useKindParameter } from '../components/KindFilter.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The assets the user may see (a provider: only its own), with provider and process names. */
export function AssetsPage() {
  const { t } = useTranslation();
  const user = useUser();
  useTitle(t('assets.title'));
  if (!hasAnyRole(user.roles, assetRoles)) {
    return (
      <>
        <Heading level={1}>{t('assets.title')}</Heading>
        <NotPermitted />
      </>
    );
  }
  return <AssetList />;
}

function AssetList() {
  const { t, i18n } = useTranslation();
  const kind = useKindParameter(assetKinds);
  const english = i18n.language === 'en';
  const data = useLoad(() => Promise.all([listAssets(kind ? { kind } : {}), listOrganisations('provider'), listProcesses()]), kind ?? '');
  return (
    <>
      <Heading level={1}>{t('assets.title')}</Heading>
      <Paragraph>{t('assets.intro')}</Paragraph>
      <KindFilter path="/assets" kinds={assetKinds} label={t('assets.filterKind')} names="assetKinds" />
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' &&
        (() => {
          const [assets, providers, processes] = data.data;
          if (assets.items.length === 0) return <NoData />;
          const providerName = new Map(providers.items.map((provider) => [provider.id, provider.name]));
          const process = new Map(processes.items.map((item) => [item.id, item]));
          return (
            <>
              <ListCount page={assets} testId="asset-count" />
              <DataTable
                testId="asset-table"
                caption={t('assets.caption')}
                headers={[t('assets.name'), t('assets.provider'), t('assets.process'), t('assets.kind'), { label: t('assets.population'), align: 'end' }, { label: t('assets.euroPerHour'), align: 'end' }]}
              >
                {assets.items.map((asset) => {
                  const served = asset.processId ? process.get(asset.processId) : undefined;
                  return (
                    <TableRow key={asset.id} data-provider={asset.providerId}>
                      <TableCell>
                        {asset.name}
                        {asset.keyAsset && <span className="vitaal-badge">{t('assets.keyAsset')}</span>}
                      </TableCell>
                      <TableCell>{providerName.get(asset.providerId) ?? t('common.none')}</TableCell>
                      <TableCell>{served ? <Link href={`/processes/${served.id}`}>{english ? served.nameEn : served.nameNl}</Link> : t('common.none')}</TableCell>
                      <TableCell>{t(`assetKinds.${asset.kind}`)}</TableCell>
                      <TableCell alignCell="end">{formatNumber(asset.populationServed, i18n.language)}</TableCell>
                      <TableCell alignCell="end">{formatEuros(asset.euroPerHour, i18n.language)}</TableCell>
                    </TableRow>
                  );
                })}
              </DataTable>
            </>
          );
        })()}
    </>
  );
}
