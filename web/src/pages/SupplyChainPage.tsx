import { Button, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { concentrationSpec, countFindings, highRiskHeatMapSpec } from '../../../src/domain/charts/supply-chain.ts';
import { listProcesses, listSectors } from '../api/registry.ts';
import { getConcentration, listVendors, scanHighRisk, type AssetClassConcentration, type HighRiskScan, type ScanGroup, type Vendor } from '../api/supply-chain.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { VegaChart } from '../components/VegaChart.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const levels = ['core', 'flagged'] as const;
/** Findings shown per process in the drill-down; the rest is counted, since a sector can hold hundreds. */
const findingsShown = 25;

/** A country code as the user's language names it (Intl), with the code itself for search and reference. */
export function countryName(code: string, language: string): string {
  try {
    return `${new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

/** The countries on the scan's high-risk list, to flag vendors established in or controlled from one. */
export const highRiskCountries = (scan: HighRiskScan) => new Set(scan.list.entries.map((entry) => entry.country));

/** The vendor register with high-risk flags, the high-risk scan as a sector heat map with its evidence chains, and market concentration per asset class. */
export function SupplyChainPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('supplyChain.title'));
  const data = useLoad(() => Promise.all([listVendors(), scanHighRisk(), getConcentration(), listSectors(), listProcesses()]), 'supply-chain');
  const names = useMemo(() => (data.state === 'done' ? localNames([...data.data[3].items, ...data.data[4].items], i18n.language) : {}), [data, i18n.language]);
  return (
    <>
      <Heading level={1}>{t('supplyChain.title')}</Heading>
      <Paragraph>{t('supplyChain.intro')}</Paragraph>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' && (
        <>
          <Vendors vendors={data.data[0]} scan={data.data[1]} />
          <Scan scan={data.data[1]} names={names} />
          <Concentration concentration={data.data[2]} />
        </>
      )}
    </>
  );
}

function Vendors({ vendors, scan }: { vendors: Vendor[]; scan: HighRiskScan }) {
  const { t, i18n } = useTranslation();
  const risky = highRiskCountries(scan);
  return (
    <section aria-labelledby="vendors-heading">
      <Heading level={2} id="vendors-heading">
        {t('supplyChain.vendors')}
      </Heading>
      {vendors.length === 0 ? (
        <NoData />
      ) : (
        <DataTable testId="vendor-table" caption={t('supplyChain.vendorsCaption', { list: scan.list.version })} headers={[t('supplyChain.name'), t('supplyChain.country'), t('supplyChain.controlledFrom'), t('supplyChain.flags')]}>
          {vendors.map((vendor) => {
            const flags = [...(risky.has(vendor.country) ? [t('supplyChain.flagEstablished')] : []), ...(vendor.controlledFromCountry && risky.has(vendor.controlledFromCountry) ? [t('supplyChain.flagControlled')] : [])];
            return (
              <TableRow key={vendor.id} data-vendor={vendor.code} data-flagged={flags.length > 0}>
                <TableCell>
                  <Link href={`/supply-chain/vendors/${vendor.id}`}>{vendor.name}</Link>
                </TableCell>
                <TableCell>{countryName(vendor.country, i18n.language)}</TableCell>
                <TableCell>{vendor.controlledFromCountry ? countryName(vendor.controlledFromCountry, i18n.language) : t('supplyChain.sameCountry')}</TableCell>
                <TableCell>
                  {flags.map((flag) => (
                    <span key={flag} className="vitaal-badge">
                      {flag}
                    </span>
                  ))}
                </TableCell>
              </TableRow>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

/** Sector and process names in the UI language by id: the scan carries only the English name. */
type Names = Readonly<Record<string, string>>;
const localNames = (records: readonly { id: string; nameNl: string; nameEn: string }[], language: string): Names =>
  Object.fromEntries(records.map((record) => [record.id, language.startsWith('en') ? record.nameEn : record.nameNl]));
const nameOf = (record: { id: string; nameEn: string } | null, names: Names, none: string) => (record ? (names[record.id] ?? record.nameEn) : none);

function Scan({ scan, names }: { scan: HighRiskScan; names: Names }) {
  const { t } = useTranslation();
  const [sector, setSector] = useState<string>();
  const levelNames = useMemo(() => Object.fromEntries(levels.map((level) => [level, t(`supplyChain.levels.${level}`)])), [t]);
  const none = t('supplyChain.noSector');
  const cells = useMemo(
    () => countFindings(scan.groups, (group) => nameOf(group.sector, names, none), (group) => group.findings, (finding) => levelNames[finding.level] ?? finding.level, Object.values(levelNames)),
    [scan, levelNames, none, names],
  );
  const spec = useMemo(() => highRiskHeatMapSpec(cells, Object.values(levelNames), { sector: t('supplyChain.sector'), level: t('supplyChain.level'), findings: t('supplyChain.findings') }), [cells, levelNames, t]);
  const sectorLabel = (group: ScanGroup) => nameOf(group.sector, names, none);
  const sectors = [...new Set(scan.groups.map(sectorLabel))];
  return (
    <section aria-labelledby="scan-heading">
      <Heading level={2} id="scan-heading">
        {t('supplyChain.scan')}
      </Heading>
      <Paragraph data-testid="scan-summary">{t('supplyChain.scanSummary', { ...scan.summary, list: scan.list.version })}</Paragraph>
      {scan.groups.length === 0 ? (
        <NoData />
      ) : (
        <>
          <VegaChart testId="high-risk-heatmap" spec={spec} description={t('supplyChain.heatMapDescription')} />
          <DataTable testId="scan-sectors" caption={t('supplyChain.sectorsCaption')} headers={[t('supplyChain.sector'), { label: levelNames.core ?? 'core', align: 'end' }, { label: levelNames.flagged ?? 'flagged', align: 'end' }, t('supplyChain.evidence')]}>
            {sectors.map((name) => (
              <TableRow key={name} data-sector={name}>
                <TableCell>{name}</TableCell>
                {levels.map((level) => (
                  <TableCell key={level} alignCell="end" data-level={level}>
                    {cells.find((cell) => cell.sector === name && cell.level === levelNames[level])?.findings ?? 0}
                  </TableCell>
                ))}
                <TableCell>
                  <Button appearance="secondary-action-button" aria-pressed={sector === name} onClick={() => setSector(sector === name ? undefined : name)}>
                    {t('supplyChain.showFindings', { sector: name })}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </DataTable>
          {sector && <Findings groups={scan.groups.filter((group) => sectorLabel(group) === sector)} sector={sector} names={names} />}
        </>
      )}
    </section>
  );
}

function Findings({ groups, sector, names }: { groups: ScanGroup[]; sector: string; names: Names }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="findings-heading" data-testid="scan-findings">
      <Heading level={3} id="findings-heading">
        {t('supplyChain.findingsIn', { sector })}
      </Heading>
      {groups.map((group) => (
        <div key={group.process?.id ?? 'none'}>
          <Heading level={4}>{nameOf(group.process, names, t('supplyChain.noProcess'))}</Heading>
          {group.findings.length > findingsShown && <Paragraph>{t('supplyChain.shownOf', { shown: findingsShown, total: group.findings.length })}</Paragraph>}
          {group.findings.slice(0, findingsShown).map((finding, index) => (
            <details key={`${finding.anchorAssetId}-${finding.flaggedProductId ?? index}`} className="vitaal-details" data-testid="finding" data-level={finding.level}>
              <summary>
                {t(`supplyChain.levels.${finding.level}`)}: {finding.chain[0]?.name ?? finding.anchorAssetId} → {finding.chain.find((link) => link.kind === 'country-rule')?.name ?? ''}
              </summary>
              <ol data-testid="evidence-chain">
                {finding.chain.map((link, position) => (
                  <li key={`${link.kind}-${position}`} data-kind={link.kind}>
                    <strong>{t(`supplyChain.chainKinds.${link.kind}`, { defaultValue: link.kind })}</strong>: {link.name ?? t('supplyChain.hidden')} {link.code && <code>{link.code}</code>} — {link.note}
                  </li>
                ))}
              </ol>
              {finding.occurrences > 1 && <Paragraph>{t('supplyChain.occurrences', { count: finding.occurrences })}</Paragraph>}
            </details>
          ))}
        </div>
      ))}
    </section>
  );
}

function Concentration({ concentration }: { concentration: AssetClassConcentration }) {
  const { t } = useTranslation();
  const spec = useMemo(
    () =>
      concentrationSpec(
        concentration.items.map((item) => ({ assetClass: item.assetClass, hhi: item.hhi, level: t(`supplyChain.bands.${item.level}`) })),
        concentration.bands,
        { assetClass: t('supplyChain.assetClass'), hhi: t('supplyChain.hhi'), level: t('supplyChain.band') },
      ),
    [concentration, t],
  );
  return (
    <section aria-labelledby="concentration-heading">
      <Heading level={2} id="concentration-heading">
        {t('supplyChain.concentration')}
      </Heading>
      <Paragraph>{t('supplyChain.concentrationIntro', { moderate: concentration.bands.moderate, high: concentration.bands.high, source: concentration.source })}</Paragraph>
      {concentration.items.length === 0 ? (
        <NoData />
      ) : (
        <>
          <VegaChart testId="concentration-chart" spec={spec} description={t('supplyChain.concentrationDescription')} />
          <DataTable testId="concentration-table" caption={t('supplyChain.concentrationCaption')} headers={[t('supplyChain.assetClass'), { label: t('supplyChain.hhi'), align: 'end' }, t('supplyChain.band'), { label: t('supplyChain.vendorCount'), align: 'end' }, { label: t('supplyChain.alternatives'), align: 'end' }, { label: t('supplyChain.switchMonths'), align: 'end' }]}>
            {concentration.items.map((item) => (
              <TableRow key={item.assetClass} data-asset-class={item.assetClass} data-level={item.level}>
                <TableCell>{item.assetClass}</TableCell>
                <TableCell alignCell="end">{Math.round(item.hhi)}</TableCell>
                <TableCell>{t(`supplyChain.bands.${item.level}`)}</TableCell>
                <TableCell alignCell="end">{item.vendors}</TableCell>
                <TableCell alignCell="end">{item.substitutability?.qualifiedAlternatives ?? '—'}</TableCell>
                <TableCell alignCell="end">{item.substitutability?.switchMonths ?? '—'}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}
