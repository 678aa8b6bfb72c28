import { Alert, Button, FormFieldCheckboxOption, FormFieldSelect, FormFieldTextInput, Heading, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { scopingFlags, sectorKeys, sectors } from '../../../src/domain/scoping.ts';
import { ApiError } from '../api/client.ts';
import { classify, saveScoping, type Classification, type ScopingRequest } from '../api/duty-of-care.ts';
import { listOrganisations } from '../api/registry.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState } from '../components/PageStates.tsx';
import { hasAnyRole } from '../navigation.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const steps = ['stepSector', 'stepSize', 'stepFlags', 'stepOutcome'] as const;
const annexOf = (key: string) => (sectors as Record<string, { nis2?: { point: string } }>)[key]?.nis2?.point;

/**
 * The NIS2/CER scoping wizard: sector, size, flags, then the outcome with every reason and its article (the server's
 * rules, POST /scoping/classify). Those who may record scoping (the organisation itself, its ministry, its supervisor)
 * can save the outcome to an organisation.
 */
export function ScopingPage() {
  const { t } = useTranslation();
  useTitle(t('dutyOfCare.scopingTitle'));
  const user = useUser();
  const [step, setStep] = useState(0);
  const [input, setInput] = useState<ScopingRequest>({ sector: 'energy.electricity', employees: 0, turnoverEur: 0, balanceSheetEur: 0, flags: [] });
  const [result, setResult] = useState<Classification>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string>();
  const mayRecord = hasAnyRole(user.roles, ['provider', 'ministry', 'supervisor']);
  const organisations = useLoad(() => (mayRecord ? listOrganisations('provider') : Promise.resolve({ items: [], total: 0 })), mayRecord ? 'providers' : 'none');
  const [organisationId, setOrganisationId] = useState(user.organisationKind === 'provider' ? user.organisationId : '');

  const number = (field: 'employees' | 'turnoverEur' | 'balanceSheetEur') => (event: ChangeEvent<HTMLInputElement>) => setInput({ ...input, [field]: Math.max(0, Number(event.target.value) || 0) });
  const toggle = (flag: string) => setInput({ ...input, flags: input.flags.includes(flag) ? input.flags.filter((item) => item !== flag) : [...input.flags, flag] });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    if (step < 2) return setStep(step + 1);
    setBusy(true);
    try {
      setResult(await classify(input));
      setSaved(undefined);
      setStep(3);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setError(undefined);
    try {
      const stored = await saveScoping(organisationId, input);
      setSaved(t('dutyOfCare.saved', { version: stored.current?.version }));
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <>
      <Heading level={1}>{t('dutyOfCare.scopingTitle')}</Heading>
      <Paragraph>{t('dutyOfCare.scopingIntro')}</Paragraph>
      <Heading level={2} data-testid="scoping-step">
        {t('dutyOfCare.stepOf', { step: step + 1, steps: steps.length, name: t(`dutyOfCare.${steps[step]}`) })}
      </Heading>
      {error && <ErrorState error={error} />}
      {step < 3 && (
        <form onSubmit={(event) => void submit(event)} data-testid="scoping-form">
          {step === 0 && (
            <FormFieldSelect label={t('dutyOfCare.sector')} description={t('dutyOfCare.sectorHint')} name="sector" value={input.sector} onChange={(event: ChangeEvent<HTMLSelectElement>) => setInput({ ...input, sector: event.target.value })}>
              {sectorKeys.map((key) => (
                <SelectOption key={key} value={key}>
                  {annexOf(key) ? `${key} (${annexOf(key)})` : key}
                </SelectOption>
              ))}
            </FormFieldSelect>
          )}
          {step === 1 && (
            <>
              <FormFieldTextInput label={t('dutyOfCare.employees')} name="employees" type="number" min={0} value={String(input.employees)} onChange={number('employees')} />
              <FormFieldTextInput label={t('dutyOfCare.turnover')} name="turnoverEur" type="number" min={0} value={String(input.turnoverEur)} onChange={number('turnoverEur')} />
              <FormFieldTextInput label={t('dutyOfCare.balanceSheet')} name="balanceSheetEur" type="number" min={0} value={String(input.balanceSheetEur)} onChange={number('balanceSheetEur')} />
            </>
          )}
          {step === 2 && (
            <fieldset className="vitaal-fieldset">
              <legend>{t('dutyOfCare.flags')}</legend>
              {scopingFlags.map((flag) => (
                <FormFieldCheckboxOption key={flag} label={flag} name="flags" value={flag} checked={input.flags.includes(flag)} onChange={() => toggle(flag)} />
              ))}
            </fieldset>
          )}
          <Paragraph>
            {step > 0 && (
              <Button appearance="secondary-action-button" type="button" onClick={() => setStep(step - 1)}>
                {t('dutyOfCare.back')}
              </Button>
            )}{' '}
            <Button appearance="primary-action-button" type="submit" busy={busy} disabled={busy}>
              {step < 2 ? t('dutyOfCare.next') : busy ? t('dutyOfCare.busy') : t('dutyOfCare.classify')}
            </Button>
          </Paragraph>
        </form>
      )}
      {step === 3 && result && (
        <section data-testid="scoping-outcome">
          <Alert type="info">
            <Paragraph data-testid="scoping-nis2">
              <strong>{t('dutyOfCare.nis2')}:</strong> {t(`dutyOfCare.outcomes.${result.nis2}`)}
            </Paragraph>
            <Paragraph data-testid="scoping-cer">
              <strong>{t('dutyOfCare.cer')}:</strong> {t(`dutyOfCare.outcomes.${result.cer}`)}
            </Paragraph>
          </Alert>
          <Heading level={3}>{t('dutyOfCare.reasons')}</Heading>
          <DataTable testId="scoping-reasons" caption={t('dutyOfCare.reasons')} headers={[t('dutyOfCare.regime'), t('dutyOfCare.basis'), t('dutyOfCare.reason')]}>
            {result.reasons.map((reason, index) => (
              <TableRow key={index}>
                <TableCell>{reason.regime.toUpperCase()}</TableCell>
                <TableCell>{reason.basis}</TableCell>
                <TableCell>{reason.text}</TableCell>
              </TableRow>
            ))}
          </DataTable>
          {mayRecord && organisations.state === 'done' && organisations.data.items.length > 0 && (
            <>
              <Heading level={3}>{t('dutyOfCare.saveTitle')}</Heading>
              <FormFieldSelect label={t('dutyOfCare.saveTo')} name="organisation" value={organisationId} onChange={(event: ChangeEvent<HTMLSelectElement>) => setOrganisationId(event.target.value)}>
                <SelectOption value="">—</SelectOption>
                {organisations.data.items.map((organisation) => (
                  <SelectOption key={organisation.id} value={organisation.id}>
                    {organisation.name}
                  </SelectOption>
                ))}
              </FormFieldSelect>
              <Paragraph>
                <Button appearance="secondary-action-button" type="button" disabled={!organisationId} onClick={() => void save()}>
                  {t('dutyOfCare.save')}
                </Button>
              </Paragraph>
              {saved && <Paragraph role="status">{saved}</Paragraph>}
            </>
          )}
          <Paragraph>
            <Button appearance="subtle-button" type="button" onClick={() => setStep(0)}>
              {t('dutyOfCare.restart')}
            </Button>
          </Paragraph>
        </section>
      )}
    </>
  );
}
