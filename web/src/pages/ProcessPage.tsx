import { Alert, DataSummary, DataSummaryItem, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../components/DataTable.tsx';
import { ApiError } from '../api/client.ts';
import {
  findSector,
  getProcess,
  listAllAssets,
  listAllDependencies,
  listOrganisations,
  listProcessProviders,
  type Asset,
  type Dependency,
  type Organisation,
  type ProcessProvider,
  type Sector,
  type VitalProcess,
} from '../api/registry.ts';
import { DependencyGraph, graphColours, type GraphEdge, type GraphNode } from '../components/DependencyGraph.tsx';
import { NetherlandsMap } from '../components/NetherlandsMap.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatCoordinate, formatNumber } from '../format.ts';
import { assetRoles, hasAnyRole } from '../navigation.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

interface ProcessView {
  process: VitalProcess;
  sector: Sector | undefined;
  ministry: Organisation | undefined;
  designations: ProcessProvider[];
  organisations: Map<string, Organisation>;
  assets: Asset[];
  dependencies: Dependency[];
  /** Assets of other processes at the other end of a dependency (only those the user may see). */
  otherAssets: Map<string, Asset>;
}

/** A list the role may not read at all counts as empty: the page explains need-to-know instead. */
const unlessForbidden = <T,>(error: unknown): { items: T[]; total: number } => {
  if (error instanceof ApiError && error.status === 403) return { items: [], total: 0 };
  throw error;
};

/**
 * Reads a process with everything around it in a handful of requests: the lists are read whole (they are already
 * limited to what the user may see) and joined here, rather than one request per provider or asset.
 */
async function loadProcess(id: string, seesAssets: boolean): Promise<ProcessView> {
  const [process, organisations, designations, allAssets, allDependencies] = await Promise.all([
    getProcess(id),
    listOrganisations(),
    listProcessProviders({ processId: id }).catch(unlessForbidden<ProcessProvider>),
    seesAssets ? listAllAssets() : [],
    seesAssets ? listAllDependencies() : [],
  ]);
  const sector = await findSector(process.sectorId);
  const assets = allAssets.filter((asset) => asset.processId === id);
  const assetIds = new Set(assets.map((asset) => asset.id));
  const dependencies = allDependencies.filter((dependency) => assetIds.has(dependency.dependentId) || assetIds.has(dependency.supplierId));
  const endpoints = new Set(dependencies.flatMap((dependency) => [dependency.dependentId, dependency.supplierId]));
  const otherAssets = new Map(allAssets.filter((asset) => endpoints.has(asset.id) && !assetIds.has(asset.id)).map((asset) => [asset.id, asset]));
  const byId = new Map(organisations.items.map((organisation) => [organisation.id, organisation]));
  return { process, sector, ministry: byId.get(process.ministryId), designations: designations.items, organisations: byId, assets, dependencies, otherAssets };
}

/** One vital process: its facts, providers, assets on a map and the dependency network, each with a table. */
export function ProcessPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const view = useLoad(() => loadProcess(id, hasAnyRole(user.roles, assetRoles)), `${id}:${user.id}`);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  useTitle(view.state === 'done' ? (english ? view.data.process.nameEn : view.data.process.nameNl) : t('processes.title'));

  if (view.state === 'loading') return <Loading />;
  if (view.state === 'error') {
    if (view.error instanceof ApiError && view.error.status === 404)
      return (
        <>
          <Heading level={1}>{t('processes.title')}</Heading>
          <Alert type="warning">
            <Paragraph>{t('process.notFound')}</Paragraph>
          </Alert>
        </>
      );
    return <ErrorState error={view.error} />;
  }
  return <ProcessDetails view={view.data} />;
}

function ProcessDetails({ view }: { view: ProcessView }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { process, organisations, assets, dependencies, otherAssets } = view;
  const nameOf = (organisationId: string) => organisations.get(organisationId)?.name ?? t('common.none');
  const assetById = useMemo(() => new Map([...assets.map((asset) => [asset.id, asset] as const), ...otherAssets]), [assets, otherAssets]);
  const assetLabel = (assetId: string) => assetById.get(assetId)?.name ?? assetId.slice(0, 8);

  const graph = useMemo(() => {
    const ownIds = new Set(assets.map((asset) => asset.id));
    const ids = new Set([...ownIds, ...dependencies.flatMap((dependency) => [dependency.dependentId, dependency.supplierId])]);
    const nodes: GraphNode[] = [...ids].map((assetId) => ({ id: assetId, label: assetById.get(assetId)?.name ?? assetId.slice(0, 8), own: ownIds.has(assetId), weight: assetById.get(assetId)?.populationServed ?? 0 }));
    const edges: GraphEdge[] = dependencies.map((dependency) => ({ id: dependency.id, source: dependency.supplierId, target: dependency.dependentId }));
    return { nodes, edges };
  }, [assets, dependencies, assetById]);

  const markers = assets
    .filter((asset) => asset.latitude !== null && asset.longitude !== null)
    .map((asset) => ({ id: asset.id, label: `${asset.name} (${nameOf(asset.providerId)})`, latitude: asset.latitude as number, longitude: asset.longitude as number, emphasis: asset.keyAsset }));

  return (
    <article data-testid="process-page">
      <Heading level={1}>{english ? process.nameEn : process.nameNl}</Heading>
      <Heading level={2}>{t('process.details')}</Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('processes.code')} itemValue={process.code} />
        <DataSummaryItem itemKey={t('processes.sector')} itemValue={(english ? view.sector?.nameEn : view.sector?.nameNl) ?? t('common.none')} />
        <DataSummaryItem itemKey={t('processes.category')} itemValue={process.category ?? t('common.none')} />
        <DataSummaryItem itemKey={t('processes.ministry')} itemValue={view.ministry?.name ?? t('common.none')} />
        <DataSummaryItem itemKey={t('processes.eu')} itemValue={process.euInterest ? t('common.yes') : t('common.no')} />
        <DataSummaryItem itemKey={t('processes.nato')} itemValue={process.natoInterest ? t('common.yes') : t('common.no')} />
      </DataSummary>

      <Heading level={2}>{t('process.providers')}</Heading>
      {view.designations.length === 0 ? (
        <NoData headingLevel={3} />
      ) : (
        <DataTable testId="provider-table" caption={t('process.providersCaption')} headers={[t('process.provider'), t('process.role'), t('process.status')]}>
          {view.designations.map((designation) => (
            <TableRow key={designation.id}>
              <TableCell>{nameOf(designation.providerId)}</TableCell>
              <TableCell>{t(`providerRoles.${designation.role}`, { defaultValue: designation.role })}</TableCell>
              <TableCell>{t(`designationStatuses.${designation.status}`, { defaultValue: designation.status })}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}

      <Heading level={2}>{t('process.assets')}</Heading>
      {assets.length === 0 ? (
        <NoData headingLevel={3} />
      ) : (
        <div className="vitaal-map-layout">
          <div>
            <NetherlandsMap markers={markers} label={t('process.mapLabel', { count: markers.length })} />
            <ul className="vitaal-legend">
              <li>
                <span className="vitaal-legend__swatch vitaal-legend__swatch--key" aria-hidden="true" /> {t('process.legendKeyAsset')}
              </li>
              <li>
                <span className="vitaal-legend__swatch vitaal-legend__swatch--asset" aria-hidden="true" /> {t('process.legendAsset')}
              </li>
            </ul>
          </div>
          <DataTable testId="asset-table" caption={t('process.mapCaption')} showCaption headers={[t('assets.name'), t('assets.provider'), t('assets.kind'), t('assets.location')]}>
            {assets.map((asset) => (
              <TableRow key={asset.id}>
                <TableCell>
                  {asset.name}
                  {asset.keyAsset && <span className="vitaal-badge">{t('assets.keyAsset')}</span>}
                </TableCell>
                <TableCell>{nameOf(asset.providerId)}</TableCell>
                <TableCell>{t(`assetKinds.${asset.kind}`)}</TableCell>
                <TableCell>
                  {asset.latitude !== null && asset.longitude !== null ? `${formatCoordinate(asset.latitude, i18n.language)}, ${formatCoordinate(asset.longitude, i18n.language)}` : t('process.noLocation')}
                </TableCell>
              </TableRow>
            ))}
          </DataTable>
        </div>
      )}

      <Heading level={2}>{t('process.dependencies')}</Heading>
      {dependencies.length === 0 ? (
        <NoData headingLevel={3} />
      ) : (
        <>
          <ul className="vitaal-legend">
            <li>
              <span className="vitaal-legend__swatch" style={{ background: graphColours.own }} aria-hidden="true" /> {t('process.legendOwn')}
            </li>
            <li>
              <span className="vitaal-legend__swatch" style={{ background: graphColours.other }} aria-hidden="true" /> {t('process.legendOther')}
            </li>
          </ul>
          <DependencyGraph nodes={graph.nodes} edges={graph.edges} label={t('process.graphLabel', { nodes: graph.nodes.length, edges: graph.edges.length })} unavailable={t('process.graphUnavailable')} />
          <DataTable testId="dependency-table" caption={t('process.dependenciesCaption')} showCaption headers={[t('process.dependent'), t('process.supplier'), t('process.type'), t('process.buffer'), t('process.group'), t('process.crossBorder')]}>
            {dependencies.map((dependency) => (
              <TableRow key={dependency.id}>
                <TableCell>{assetLabel(dependency.dependentId)}</TableCell>
                <TableCell>{assetLabel(dependency.supplierId)}</TableCell>
                <TableCell>{t(`dependencyTypes.${dependency.type}`)}</TableCell>
                <TableCell>{formatNumber(dependency.bufferHours, i18n.language)}</TableCell>
                <TableCell>{dependency.groupName ? `${dependency.groupName}${dependency.k ? ` (${dependency.k})` : ''}` : t('common.none')}</TableCell>
                <TableCell>{dependency.crossBorderCountry ?? t('common.none')}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      )}
      <Paragraph>
        <Link href="/processes">{t('common.back')}</Link>
      </Paragraph>
    </article>
  );
}
