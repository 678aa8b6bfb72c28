import { Button, FormFieldCheckboxOption, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, Heading, Link, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dataAccessLevels, networkAccessLevels } from '../../../src/domain/procurement.ts';
import { createProcurementAssessment, getProcurementCriteria, type ProcurementCreate } from '../api/procurement.ts';
import { listAssets, listProcesses } from '../api/registry.ts';
import { listVendorProducts, listVendors, type Product } from '../api/supply-chain.ts';
import { ProblemAlert, useFormSubmit } from '../components/FormSubmit.tsx';
import { OptionSelect, optionsOf } from '../components/OptionSelect.tsx';
import { ErrorState, Loading, NotPermitted } from '../components/PageStates.tsx';
import { navigate } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';
import { mayBuy } from './ProcurementPage.tsx';
import { countryName } from './SupplyChainPage.tsx';

/** The quickscan's questions, one step each (issue 5 item 6): what is bought, access, the asset's criticality, the vendor's jurisdiction and control, alternatives. */
export const quickscanSteps = ['purchase', 'access', 'asset', 'vendor', 'alternatives'] as const;
type Step = (typeof quickscanSteps)[number];
const purchaseKinds = ['hardware', 'firmware', 'software', 'service'] as const;

interface Draft {
  title: string;
  description: string;
  purchaseKind: ProcurementCreate['purchaseKind'];
  dataAccess: ProcurementCreate['quickscan']['dataAccess'];
  networkAccess: ProcurementCreate['quickscan']['networkAccess'];
  physicalAccess: boolean;
  assetId: string;
  processId: string;
  vendorId: string;
  productId: string;
  alternatives: string;
}

const emptyDraft: Draft = { title: '', description: '', purchaseKind: 'software', dataAccess: 'none', networkAccess: 'none', physicalAccess: false, assetId: '', processId: '', vendorId: '', productId: '', alternatives: '' };

/** The request the draft makes: empty choices are left out so that the server derives them. */
function requestOf(draft: Draft): ProcurementCreate {
  return {
    title: draft.title.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    purchaseKind: draft.purchaseKind,
    ...(draft.vendorId ? { vendorId: draft.vendorId } : {}),
    ...(draft.productId ? { productId: draft.productId } : {}),
    ...(draft.assetId ? { assetId: draft.assetId } : {}),
    ...(draft.processId && !draft.assetId ? { processId: draft.processId } : {}),
    quickscan: {
      dataAccess: draft.dataAccess,
      networkAccess: draft.networkAccess,
      physicalAccess: draft.physicalAccess,
      ...(draft.alternatives.trim() !== '' ? { qualifiedAlternatives: Number(draft.alternatives) } : {}),
    },
  };
}

/** The quickscan of a planned purchase as a wizard, for the buying provider or ministry; the outcome shows on the assessment's page. */
export function ProcurementWizardPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('procurement.wizardTitle'));
  const provider = user.roles.includes('provider');
  const data = useLoad(
    () => Promise.all([getProcurementCriteria(), listVendors(), provider ? listAssets({ providerId: user.organisationId }) : Promise.resolve({ items: [], total: 0 }), listProcesses(provider ? {} : { ministryId: user.organisationId })]),
    `wizard-${user.organisationId}`,
  );
  const [step, setStep] = useState<Step>('purchase');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [products, setProducts] = useState<Product[]>([]);
  const submit = useFormSubmit();
  if (!mayBuy(user)) return <WizardFrame><NotPermitted /></WizardFrame>;
  if (data.state === 'loading') return <WizardFrame><Loading /></WizardFrame>;
  if (data.state === 'error') return <WizardFrame><ErrorState error={data.error} /></WizardFrame>;
  const [criteria, vendors, assets, processes] = data.data;
  const english = i18n.language.startsWith('en');
  const index = quickscanSteps.indexOf(step);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const vendor = vendors.find((candidate) => candidate.id === draft.vendorId);

  async function chooseVendor(vendorId: string) {
    set({ vendorId, productId: '' });
    setProducts(vendorId ? await listVendorProducts(vendorId) : []);
  }

  function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const following = quickscanSteps[index + 1];
    if (following) {
      setStep(following);
      return;
    }
    void submit.run(async () => {
      const created = await createProcurementAssessment(requestOf(draft));
      navigate(`/procurement/${created.id}`);
    });
  }

  const fields: Record<Step, ReactNode> = {
    purchase: (
      <>
        <FormFieldTextInput label={t('procurement.fields.title')} name="title" required value={draft.title} onChange={(event: ChangeEvent<HTMLInputElement>) => set({ title: event.target.value })} />
        <FormFieldTextarea label={t('procurement.fields.description')} name="description" rows={3} value={draft.description} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => set({ description: event.target.value })} />
        <OptionSelect label={t('procurement.fields.purchaseKind')} name="purchaseKind" options={optionsOf(purchaseKinds, (kind) => t(`supplyChain.kinds.${kind}`))} value={draft.purchaseKind} onChange={(purchaseKind) => set({ purchaseKind })} />
      </>
    ),
    access: (
      <>
        <OptionSelect label={t('procurement.fields.dataAccess')} name="dataAccess" options={optionsOf(dataAccessLevels, (level) => t(`procurement.dataAccess.${level}`))} value={draft.dataAccess} onChange={(dataAccess) => set({ dataAccess })} />
        <OptionSelect label={t('procurement.fields.networkAccess')} name="networkAccess" options={optionsOf(networkAccessLevels, (level) => t(`procurement.networkAccess.${level}`))} value={draft.networkAccess} onChange={(networkAccess) => set({ networkAccess })} />
        <FormFieldCheckboxOption label={t('procurement.fields.physicalAccess')} name="physicalAccess" checked={draft.physicalAccess} onChange={(event: ChangeEvent<HTMLInputElement>) => set({ physicalAccess: event.target.checked })} />
      </>
    ),
    asset: (
      <>
        <Paragraph>{t('procurement.assetHint')}</Paragraph>
        {provider && (
          <FormFieldSelect label={t('procurement.fields.asset')} name="assetId" value={draft.assetId} onChange={(event: ChangeEvent<HTMLSelectElement>) => set({ assetId: event.target.value })}>
            <SelectOption value="">{t('procurement.noAsset')}</SelectOption>
            {assets.items.map((asset) => (
              <SelectOption key={asset.id} value={asset.id}>
                {asset.name}
                {asset.keyAsset ? ` (${t('procurement.keyAsset')})` : ''}
              </SelectOption>
            ))}
          </FormFieldSelect>
        )}
        {!draft.assetId && (
          <FormFieldSelect label={t('procurement.fields.process')} name="processId" value={draft.processId} onChange={(event: ChangeEvent<HTMLSelectElement>) => set({ processId: event.target.value })}>
            <SelectOption value="">{t('procurement.noProcess')}</SelectOption>
            {processes.items.map((process) => (
              <SelectOption key={process.id} value={process.id}>
                {english ? process.nameEn : process.nameNl}
              </SelectOption>
            ))}
          </FormFieldSelect>
        )}
      </>
    ),
    vendor: (
      <>
        <FormFieldSelect label={t('procurement.fields.vendor')} name="vendorId" value={draft.vendorId} onChange={(event: ChangeEvent<HTMLSelectElement>) => void chooseVendor(event.target.value)}>
          <SelectOption value="">{t('procurement.noVendor')}</SelectOption>
          {vendors.map((candidate) => (
            <SelectOption key={candidate.id} value={candidate.id}>
              {candidate.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        {vendor && (
          <Paragraph data-testid="wizard-vendor-jurisdiction">
            {t('procurement.vendorJurisdiction', {
              country: countryName(vendor.country, i18n.language),
              control: vendor.controlledFromCountry ? countryName(vendor.controlledFromCountry, i18n.language) : t('supplyChain.sameCountry'),
            })}
          </Paragraph>
        )}
        {products.length > 0 && (
          <FormFieldSelect label={t('procurement.fields.product')} name="productId" value={draft.productId} onChange={(event: ChangeEvent<HTMLSelectElement>) => set({ productId: event.target.value })}>
            <SelectOption value="">{t('procurement.noProduct')}</SelectOption>
            {products.map((product) => (
              <SelectOption key={product.id} value={product.id}>
                {product.name}
              </SelectOption>
            ))}
          </FormFieldSelect>
        )}
      </>
    ),
    alternatives: (
      <FormFieldTextInput
        label={t('procurement.fields.alternatives')}
        description={t('procurement.alternativesHint', { min: criteria.quickscan.minQualifiedAlternatives })}
        name="alternatives"
        type="number"
        min={0}
        max={10000}
        value={draft.alternatives}
        onChange={(event: ChangeEvent<HTMLInputElement>) => set({ alternatives: event.target.value })}
      />
    ),
  };

  return (
    <WizardFrame>
      <ol className="vitaal-steps" aria-label={t('procurement.quickscanSteps')} data-testid="wizard-steps">
        {quickscanSteps.map((name, position) => (
          <li key={name} aria-current={name === step ? 'step' : undefined} data-state={position < index ? 'completed' : undefined}>
            {position + 1}. {t(`procurement.steps.${name}`)}
          </li>
        ))}
      </ol>
      <form onSubmit={next} data-testid="procurement-wizard" data-step={step} aria-labelledby="wizard-step-heading">
        <Heading level={2} id="wizard-step-heading">
          {t('procurement.stepOf', { step: index + 1, total: quickscanSteps.length, name: t(`procurement.steps.${step}`) })}
        </Heading>
        {fields[step]}
        <ProblemAlert error={submit.problem} testId="wizard-problem" />
        <div className="vitaal-inline-form">
          {index > 0 && (
            <Button appearance="secondary-action-button" type="button" onClick={() => setStep(quickscanSteps[index - 1] ?? 'purchase')}>
              {t('procurement.previous')}
            </Button>
          )}
          <Button appearance="primary-action-button" type="submit" disabled={submit.busy} data-testid="wizard-next">
            {index + 1 < quickscanSteps.length ? t('procurement.next') : t('procurement.runQuickscan')}
          </Button>
        </div>
      </form>
    </WizardFrame>
  );
}

function WizardFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Paragraph>
        <Link href="/procurement">{t('procurement.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('procurement.wizardTitle')}</Heading>
      <Paragraph>{t('procurement.wizardIntro')}</Paragraph>
      {children}
    </>
  );
}
