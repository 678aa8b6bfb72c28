import { FormFieldCheckboxOption, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, Heading, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationStatuses, ownershipChangeKinds } from '../../../src/domain/investment-screening.ts';
import { createOwnershipChange, listOwnershipChanges, updateOwnershipChange, type OwnershipChange, type OwnershipChangeCreate, type OwnershipChangePatch } from '../api/procurement.ts';
import { listOrganisations, type Organisation } from '../api/registry.ts';
import { listVendors, type Vendor } from '../api/supply-chain.ts';
import { DataTable } from '../components/DataTable.tsx';
import { FormFoot, useFormSubmit } from '../components/FormSubmit.tsx';
import { OptionSelect, optionsOf } from '../components/OptionSelect.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';
import { countryName } from './SupplyChainPage.tsx';

type User = ReturnType<typeof useUser>;

/** Who registers and updates changes (mirrors src/services/policy.ts authorizeOwnershipChangeWrite; the server stays the authority). */
const mayRegister = (user: User) => user.roles.includes('coordinator') || user.roles.includes('ministry') || user.roles.includes('provider');
const mayUpdate = (user: User, change: OwnershipChange) =>
  user.roles.includes('coordinator') || user.roles.includes('ministry') || (user.roles.includes('provider') && change.targetOrgId === user.organisationId);

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** The investment-screening register: ownership changes in vital providers and key assets' vendors, their flags, notification duty and status. */
export function InvestmentScreeningPage() {
  const { t } = useTranslation();
  const user = useUser();
  useTitle(t('procurement.screening.title'));
  const [version, setVersion] = useState(0);
  const data = useLoad(() => Promise.all([listOwnershipChanges(), listOrganisations('provider'), listVendors()]), `screening-${version}`);
  const reload = () => setVersion((n) => n + 1);
  return (
    <>
      <Heading level={1}>{t('procurement.screening.title')}</Heading>
      <Paragraph>{t('procurement.screening.intro')}</Paragraph>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' && (
        <>
          <Register changes={data.data[0].items} providers={data.data[1].items} vendors={data.data[2]} />
          {data.data[0].items.some((change) => mayUpdate(user, change)) && <StatusForm changes={data.data[0].items.filter((change) => mayUpdate(user, change))} onSaved={reload} />}
          {mayRegister(user) ? <RegisterForm providers={data.data[1].items} vendors={data.data[2]} onSaved={reload} /> : <Paragraph data-testid="screening-read-only">{t('procurement.screening.readOnly')}</Paragraph>}
        </>
      )}
    </>
  );
}

const targetName = (change: OwnershipChange, providers: Organisation[], vendors: Vendor[]) =>
  (change.targetOrgId ? providers.find((provider) => provider.id === change.targetOrgId)?.name : vendors.find((vendor) => vendor.id === change.targetVendorId)?.name) ?? '—';

function Register({ changes, providers, vendors }: { changes: OwnershipChange[]; providers: Organisation[]; vendors: Vendor[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="register-heading">
      <Heading level={2} id="register-heading">
        {t('procurement.screening.register')}
      </Heading>
      {changes.length === 0 ? (
        <NoData />
      ) : (
        <DataTable
          testId="ownership-changes"
          caption={t('procurement.screening.caption')}
          headers={[
            t('procurement.screening.occurredOn'),
            t('procurement.screening.target'),
            t('procurement.screening.acquirer'),
            { label: t('procurement.screening.stake'), align: 'end' },
            t('procurement.screening.flags'),
            t('procurement.screening.duty'),
            t('procurement.screening.status'),
          ]}
        >
          {changes.map((change) => (
            <TableRow key={change.id} data-testid="ownership-change" data-flagged={change.flagged} data-acquirer={change.acquirerName}>
              <TableCell>{change.occurredOn}</TableCell>
              <TableCell>
                {targetName(change, providers, vendors)} ({t(`procurement.screening.kinds.${change.kind}`, { defaultValue: change.kind })})
              </TableCell>
              <TableCell>
                {change.acquirerName} — {countryName(change.acquirerCountry, i18n.language)}
                {change.acquirerControlledFromCountry && ` (${t('procurement.screening.controlledFrom', { country: countryName(change.acquirerControlledFromCountry, i18n.language) })})`}
              </TableCell>
              <TableCell alignCell="end">
                {change.stakeBeforePercent ?? 0}% → {change.stakePercent}%{change.screening.changeOfControl && ` (${t('procurement.screening.control')})`}
              </TableCell>
              <TableCell>
                {change.screening.flags.length === 0
                  ? t('common.none')
                  : change.screening.flags.map((flag) => (
                      <span key={flag} className="vitaal-badge" data-flag={flag}>
                        {t(`procurement.screening.flagNames.${flag}`, { defaultValue: flag })}
                      </span>
                    ))}
              </TableCell>
              <TableCell>{t(`procurement.screening.duties.${change.notificationDuty}`)}</TableCell>
              <TableCell data-testid="notification-status">
                {t(`procurement.screening.statuses.${change.notificationStatus}`)}
                {change.notifiedOn && ` · ${t('procurement.screening.notifiedOnShort', { date: change.notifiedOn })}`}
                {change.decidedOn && ` · ${t('procurement.screening.decidedOnShort', { date: change.decidedOn })}`}
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function StatusForm({ changes, onSaved }: { changes: OwnershipChange[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: OwnershipChangePatch = {
      notificationStatus: text(form, 'notificationStatus') as NonNullable<OwnershipChangePatch['notificationStatus']>,
      notifiedOn: text(form, 'notifiedOn') || null,
      decidedOn: text(form, 'decidedOn') || null,
    };
    void submit.run(async () => {
      await updateOwnershipChange(text(form, 'changeId'), body);
      onSaved();
    });
  }
  return (
    <section aria-labelledby="status-heading">
      <Heading level={2} id="status-heading">
        {t('procurement.screening.updateStatus')}
      </Heading>
      <form onSubmit={save} data-testid="status-form" className="vitaal-inline-form">
        <FormFieldSelect label={t('procurement.screening.change')} name="changeId">
          {changes.map((change) => (
            <SelectOption key={change.id} value={change.id}>
              {change.acquirerName} ({change.occurredOn})
            </SelectOption>
          ))}
        </FormFieldSelect>
        <OptionSelect label={t('procurement.screening.status')} name="notificationStatus" options={optionsOf(notificationStatuses, (status) => t(`procurement.screening.statuses.${status}`))} defaultValue="notified" />
        <FormFieldTextInput label={t('procurement.screening.notifiedOn')} name="notifiedOn" type="date" />
        <FormFieldTextInput label={t('procurement.screening.decidedOn')} name="decidedOn" type="date" />
        <FormFoot state={submit} label={t('procurement.screening.saveStatus')} savedText={t('procurement.screening.statusSaved')} testId="status" />
      </form>
    </section>
  );
}

function RegisterForm({ providers, vendors, onSaved }: { providers: Organisation[]; vendors: Vendor[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const submit = useFormSubmit();
  // A provider registers changes in itself only; the others name a provider or a vendor.
  const ownOnly = !user.roles.includes('coordinator') && !user.roles.includes('ministry');
  function register(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = ownOnly ? `org:${user.organisationId}` : text(form, 'target');
    const before = text(form, 'stakeBeforePercent');
    const controlledFrom = text(form, 'acquirerControlledFromCountry');
    const body: OwnershipChangeCreate = {
      kind: text(form, 'kind') as OwnershipChangeCreate['kind'],
      ...(target.startsWith('org:') ? { targetOrgId: target.slice(4) } : { targetVendorId: target.slice(7) }),
      acquirerName: text(form, 'acquirerName'),
      acquirerCountry: text(form, 'acquirerCountry'),
      ...(controlledFrom ? { acquirerControlledFromCountry: controlledFrom } : {}),
      stakeBeforePercent: before === '' ? null : Number(before),
      stakePercent: Number(text(form, 'stakePercent')),
      gainsControl: form.get('gainsControl') === 'yes',
      occurredOn: text(form, 'occurredOn'),
      ...(text(form, 'description') ? { description: text(form, 'description') } : {}),
      ...(text(form, 'source') ? { source: text(form, 'source') } : {}),
    };
    const element = event.currentTarget;
    void submit.run(async () => {
      await createOwnershipChange(body);
      element.reset();
      onSaved();
    });
  }
  return (
    <section aria-labelledby="register-form-heading">
      <Heading level={2} id="register-form-heading">
        {t('procurement.screening.registerChange')}
      </Heading>
      <form onSubmit={register} data-testid="register-form">
        <OptionSelect label={t('procurement.screening.kind')} name="kind" options={optionsOf(ownershipChangeKinds, (kind) => t(`procurement.screening.kinds.${kind}`))} />
        {!ownOnly && (
          <FormFieldSelect label={t('procurement.screening.target')} name="target" required>
            <SelectOption value="">{t('procurement.screening.chooseTarget')}</SelectOption>
            {providers.map((provider) => (
              <SelectOption key={provider.id} value={`org:${provider.id}`}>
                {provider.name}
              </SelectOption>
            ))}
            {vendors.map((vendor) => (
              <SelectOption key={vendor.id} value={`vendor:${vendor.id}`}>
                {t('procurement.screening.vendorTarget', { name: vendor.name })}
              </SelectOption>
            ))}
          </FormFieldSelect>
        )}
        <FormFieldTextInput label={t('procurement.screening.acquirerName')} name="acquirerName" required />
        <FormFieldTextInput label={t('procurement.screening.acquirerCountry')} description={t('procurement.screening.countryHint')} name="acquirerCountry" required />
        <FormFieldTextInput label={t('procurement.screening.acquirerControlledFrom')} description={t('procurement.screening.countryHint')} name="acquirerControlledFromCountry" />
        <FormFieldTextInput label={t('procurement.screening.stakeBefore')} name="stakeBeforePercent" type="number" min={0} max={100} step="any" />
        <FormFieldTextInput label={t('procurement.screening.stakeAfter')} name="stakePercent" type="number" min={0} max={100} step="any" required />
        <FormFieldCheckboxOption label={t('procurement.screening.gainsControl')} name="gainsControl" value="yes" />
        <FormFieldTextInput label={t('procurement.screening.occurredOn')} name="occurredOn" type="date" required />
        <FormFieldTextarea label={t('procurement.screening.description')} name="description" rows={2} />
        <FormFieldTextInput label={t('procurement.screening.source')} name="source" />
        <FormFoot state={submit} label={t('procurement.screening.registerSubmit')} savedText={t('procurement.screening.registered')} testId="register" />
      </form>
    </section>
  );
}
