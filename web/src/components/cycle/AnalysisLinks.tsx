import { Button, FormFieldTextarea, FormFieldTextInput, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { ThreatCatalogue } from '../../../../src/domain/risk.ts';
import { linkInput, linkThreat, shareScores, type CycleInputInput } from '../../api/cycle-work.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { listVendors } from '../../api/supply-chain.ts';
import { formatDateTime } from '../../format.ts';
import { useLoad } from '../../use-api.ts';
import { DataTable } from '../DataTable.tsx';
import { ProblemAlert, useFormSubmit } from '../FormSubmit.tsx';
import { ErrorState, Loading } from '../PageStates.tsx';
import type { CycleAbilities } from './abilities.ts';
import { CycleForm, fieldOf, optionalFields } from './CycleForm.tsx';
import { OptionSelect } from '../OptionSelect.tsx';

interface StepProps {
  data: CycleWorkspace;
  abilities: CycleAbilities;
  onSaved: () => void;
}

const inputKinds = ['strategic-dependency', 'procurement', 'high-risk-finding', 'vendor'] as const satisfies readonly CycleInputInput['kind'][];

/** A threat of the catalogue, or one of its sub-threats, as the value of one select ("threat/sub-threat"). */
const threatValue = (threatKey: string, subThreatKey = '') => `${threatKey}/${subThreatKey}`;

/** Step 2: the threats of the threat landscape linked to the process, and the form to link another. */
export function ThreatLinks({ data, abilities, onSaved }: StepProps) {
  const { t, i18n } = useTranslation();
  const name = (entry: { nameNl: string; nameEn: string }) => (i18n.language === 'en' ? entry.nameEn : entry.nameNl);
  const catalogue = data.threats.catalogue as ThreatCatalogue;
  const options = catalogue.threats.flatMap((threat) => [
    { value: threatValue(threat.key), label: name(threat) },
    ...threat.subThreats.map((sub) => ({ value: threatValue(threat.key, sub.key), label: `${name(threat)} – ${name(sub)}` })),
  ]);
  const label = (threatKey: string, subThreatKey: string) => options.find((option) => option.value === threatValue(threatKey, subThreatKey))?.label ?? threatValue(threatKey, subThreatKey);
  const send = (form: FormData) => {
    const [threatKey = '', subThreatKey] = fieldOf(form, 'threat').split('/');
    return linkThreat(data.cycle.id, { threatKey, ...(subThreatKey ? { subThreatKey } : {}), ...optionalFields(form, ['rationale']) });
  };
  return (
    <>
      <DataTable testId="threat-table" caption={t('cycles.threats')} showCaption headers={[t('cycles.threat'), t('cycles.rationale'), t('cycleForms.linkedAt')]}>
        {data.threats.items.map((link) => (
          <TableRow key={link.id} data-threat={threatValue(link.threatKey, link.subThreatKey)}>
            <TableCell>{label(link.threatKey, link.subThreatKey)}</TableCell>
            <TableCell>{link.rationale ?? ''}</TableCell>
            <TableCell>{formatDateTime(link.linkedAt, i18n.language)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {abilities.linksThreatsAndInputs && (
        <CycleForm testId="threat-form" title={t('cycleForms.threat.title')} submitLabel={t('cycleForms.threat.submit')} send={send} onSaved={onSaved} resetAfterSave>
          <Paragraph>{t('cycleForms.threat.catalogue', { label: catalogue.label })}</Paragraph>
          <OptionSelect label={t('cycleForms.threat.choose')} name="threat" options={options} />
          <FormFieldTextarea label={t('cycles.rationale')} name="rationale" rows={2} />
        </CycleForm>
      )}
    </>
  );
}

/** Step 2: strategic dependencies, procurement findings, high-risk scan findings and vendors linked into the analysis (never shown to providers). */
export function StrategicInputs({ data, abilities, onSaved }: StepProps) {
  const { t, i18n } = useTranslation();
  // A provider neither sees nor links inputs; an empty table would only suggest there are none.
  if (!abilities.linksThreatsAndInputs && data.inputs.length === 0) return null;
  return (
    <>
      <DataTable testId="input-table" caption={t('cycleForms.input.caption')} showCaption headers={[t('cycleForms.input.kind'), t('cycleForms.input.name'), t('cycleForms.input.reference'), t('cycleForms.input.vendor'), t('cycleForms.note'), t('cycleForms.linkedAt')]}>
        {data.inputs.map((input) => (
          <TableRow key={input.id} data-input={input.title}>
            <TableCell>{t(`cycleForms.input.kinds.${input.kind}`)}</TableCell>
            <TableCell>{input.title}</TableCell>
            <TableCell>{input.reference ?? ''}</TableCell>
            <TableCell>{input.vendorName ? `${input.vendorName}${input.vendorCountry ? ` (${input.vendorCountry})` : ''}` : ''}</TableCell>
            <TableCell>{input.note ?? ''}</TableCell>
            <TableCell>{formatDateTime(input.linkedAt, i18n.language)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {abilities.linksThreatsAndInputs && <InputForm cycleId={data.cycle.id} onSaved={onSaved} />}
    </>
  );
}

function InputForm({ cycleId, onSaved }: { cycleId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const vendors = useLoad(listVendors, 'input-vendors');
  if (vendors.state === 'loading') return <Loading />;
  if (vendors.state === 'error') return <ErrorState error={vendors.error} />;
  const send = (form: FormData) => linkInput(cycleId, { kind: fieldOf(form, 'kind') as CycleInputInput['kind'], title: fieldOf(form, 'title'), ...optionalFields(form, ['reference', 'vendorId', 'note']) });
  return (
    <CycleForm testId="input-form" title={t('cycleForms.input.title')} submitLabel={t('cycleForms.input.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <OptionSelect label={t('cycleForms.input.kind')} name="kind" options={inputKinds.map((kind) => ({ value: kind, label: t(`cycleForms.input.kinds.${kind}`) }))} />
      <FormFieldTextInput label={t('cycleForms.input.name')} name="title" maxLength={300} required />
      <FormFieldTextInput label={t('cycleForms.input.reference')} description={t('cycleForms.input.referenceHint')} name="reference" maxLength={300} />
      <OptionSelect label={t('cycleForms.input.vendor')} name="vendorId" defaultValue="" options={[{ value: '', label: t('common.none') }, ...vendors.data.map((vendor) => ({ value: vendor.id, label: vendor.name }))]} />
      <FormFieldTextarea label={t('cycleForms.note')} name="note" rows={2} />
    </CycleForm>
  );
}

/** Step 2: whether the providers see the process scores (over all providers) or only their own; the ministry switches it. */
export function ScoreSharing({ data, abilities, onSaved }: StepProps) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const shared = data.scores.sharedWithProviders;
  const toggle = async () => {
    if (await submit.run(() => shareScores(data.cycle.id, !shared))) onSaved();
  };
  return (
    <div data-testid="score-sharing" data-shared={shared}>
      <Paragraph>{shared ? t('cycleForms.sharing.shared') : t('cycleForms.sharing.notShared')}</Paragraph>
      {abilities.sharesScores && (
        <Button appearance="secondary-action-button" onClick={() => void toggle()} disabled={submit.busy} data-testid="score-sharing-toggle">
          {shared ? t('cycleForms.sharing.stop') : t('cycleForms.sharing.share')}
        </Button>
      )}
      <ProblemAlert error={submit.problem} testId="score-sharing-problem" />
    </div>
  );
}
