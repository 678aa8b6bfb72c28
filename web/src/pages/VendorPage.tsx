import { Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { getDependence, getOwnership, getVendor, listVendorProducts, scanHighRisk } from '../api/supply-chain.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';
import { countryName, highRiskCountries } from './SupplyChainPage.tsx';

/** One vendor: its products, aliases, ownership chain up to the ultimate controlling party, and who depends on it through which products. */
export function VendorPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const data = useLoad(() => Promise.all([getVendor(id), listVendorProducts(id), getOwnership(id), getDependence(id), scanHighRisk()]), id);
  useTitle(data.state === 'done' ? data.data[0].name : t('supplyChain.vendor'));
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error') return <ErrorState error={data.error} />;
  const [vendor, products, ownership, dependence, scan] = data.data;
  const risky = highRiskCountries(scan);
  const language = i18n.language;
  const localName = (record: { nameNl: string; nameEn: string }) => (language.startsWith('en') ? record.nameEn : record.nameNl);
  return (
    <div data-testid="vendor-page" data-vendor={vendor.code}>
      <Paragraph>
        <Link href="/supply-chain">{t('supplyChain.back')}</Link>
      </Paragraph>
      <Heading level={1}>{vendor.name}</Heading>
      <dl className="vitaal-facts">
        <dt>{t('supplyChain.country')}</dt>
        <dd>
          {countryName(vendor.country, language)} {risky.has(vendor.country) && <span className="vitaal-badge">{t('supplyChain.flagEstablished')}</span>}
        </dd>
        <dt>{t('supplyChain.controlledFrom')}</dt>
        <dd>
          {ownership.controlledFromCountry ? countryName(ownership.controlledFromCountry, language) : t('supplyChain.sameCountry')}{' '}
          {ownership.controlledFromCountry && risky.has(ownership.controlledFromCountry) && <span className="vitaal-badge">{t('supplyChain.flagControlled')}</span>}
        </dd>
        <dt>{t('supplyChain.aliases')}</dt>
        <dd data-testid="vendor-aliases">{vendor.aliases.length === 0 ? t('common.none') : vendor.aliases.join(', ')}</dd>
        {vendor.kvkNumber && (
          <>
            <dt>{t('supplyChain.kvk')}</dt>
            <dd>{vendor.kvkNumber}</dd>
          </>
        )}
        {vendor.lei && (
          <>
            <dt>LEI</dt>
            <dd>{vendor.lei}</dd>
          </>
        )}
      </dl>

      <Heading level={2}>{t('supplyChain.ownership')}</Heading>
      <ol data-testid="ownership-chain">
        {ownership.chain.map((party) => (
          <li key={party.id}>
            {party.depth === 0 ? party.name : <Link href={`/supply-chain/vendors/${party.id}`}>{party.name}</Link>} — {countryName(party.country, language)}
            {party.stakePercent !== null && ` (${t('supplyChain.stake', { percent: party.stakePercent })})`}
          </li>
        ))}
      </ol>
      {ownership.ultimateControllingParty && <Paragraph>{t('supplyChain.ultimate', { name: ownership.ultimateControllingParty.name, country: countryName(ownership.ultimateControllingParty.country, language) })}</Paragraph>}

      <Heading level={2}>{t('supplyChain.products')}</Heading>
      {products.length === 0 ? (
        <Paragraph>{t('common.none')}</Paragraph>
      ) : (
        <DataTable testId="vendor-products" caption={t('supplyChain.productsCaption', { vendor: vendor.name })} headers={[t('supplyChain.name'), t('supplyChain.kind'), t('supplyChain.code')]}>
          {products.map((product) => (
            <TableRow key={product.id}>
              <TableCell>{product.name}</TableCell>
              <TableCell>{t(`supplyChain.kinds.${product.kind}`)}</TableCell>
              <TableCell>
                <code>{product.code}</code>
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}

      <Heading level={2}>{t('supplyChain.dependence')}</Heading>
      <Paragraph data-testid="dependence-totals">{t('supplyChain.dependenceTotals', dependence.totals)}</Paragraph>
      {dependence.sectors.length > 0 && <Paragraph>{t('supplyChain.dependenceSectors', { sectors: dependence.sectors.map(localName).join(', ') })}</Paragraph>}
      {dependence.processes.length > 0 && (
        <DataTable testId="dependence-processes" caption={t('supplyChain.processesCaption')} headers={[t('supplyChain.process'), { label: t('supplyChain.providers'), align: 'end' }]}>
          {dependence.processes.map((process) => (
            <TableRow key={process.id}>
              <TableCell>
                <Link href={`/processes/${process.id}`}>{localName(process)}</Link>
              </TableCell>
              <TableCell alignCell="end">{process.providers}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
      {dependence.products.length > 0 && (
        <DataTable
          testId="dependence-products"
          caption={t('supplyChain.throughCaption')}
          headers={[t('supplyChain.product'), t('supplyChain.vendorProducts'), { label: t('supplyChain.assets'), align: 'end' }, { label: t('supplyChain.keyAssets'), align: 'end' }, { label: t('supplyChain.providers'), align: 'end' }]}
        >
          {dependence.products.map((use) => (
            <TableRow key={use.product.id}>
              <TableCell>{use.product.name}</TableCell>
              <TableCell>{use.direct ? t('supplyChain.direct') : use.vendorProducts.map((product) => product.name).join(', ')}</TableCell>
              <TableCell alignCell="end">{use.assets}</TableCell>
              <TableCell alignCell="end">{use.keyAssets}</TableCell>
              <TableCell alignCell="end">{use.providers}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </div>
  );
}
