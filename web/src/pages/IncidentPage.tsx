import { Alert, Button, DataSummary, DataSummaryItem, FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput, Heading, Link, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { getIncident, requestIntermediateReport, resolveIncident, submitReport, updateSignificance, type Incident, type ReportObligation, type SignificanceFacts } from '../api/incidents.ts';
import { formatBoth, formatUtc, instantFromAmsterdamLocal } from '../amsterdam-time.ts';
import { DeadlineClock } from '../components/DeadlineClock.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** One incident: its facts, the timeline of report obligations with live deadline clocks and submission forms, and its history. */
export function IncidentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [updated, setUpdated] = useState<Incident>();
  const loaded = useLoad(() => getIncident(id), `${id}:${version}`);
  useTitle(loaded.state === 'done' ? loaded.data.number : t('incidents.title'));
  if (loaded.state === 'loading' && !updated) return <Loading />;
  if (loaded.state === 'error') {
    if (loaded.error instanceof ApiError && loaded.error.status === 404)
      return (
        <>
          <Heading level={1}>{t('incidents.title')}</Heading>
          <Alert type="warning">
            <Paragraph>{t('incidents.notFound')}</Paragraph>
          </Alert>
        </>
      );
    return <ErrorState error={loaded.error} />;
  }
  const incident = loaded.state === 'done' ? loaded.data : (updated as Incident);
  return (
    <IncidentDetails
      incident={incident}
      onChange={(next) => {
        setUpdated(next);
        setVersion(version + 1);
      }}
    />
  );
}

function IncidentDetails({ incident, onChange }: { incident: Incident; onChange: (next: Incident) => void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const writable = user.roles.includes('provider') && user.organisationId === incident.organisationId;
  // NIS2 art. 23(4)(c): the CSIRT or the competent authority asks; only for a significant incident under NIS2.
  const mayRequest = (user.roles.includes('csirt') || user.roles.includes('supervisor')) && incident.regimes.includes('nis2') && incident.significance.significant;
  return (
    <article data-testid="incident-page">
      <Heading level={1}>
        {incident.number}: {incident.title}
      </Heading>
      <Heading level={2}>{t('incidents.facts')}</Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('incidents.entity')} itemValue={incident.organisationName} />
        <DataSummaryItem itemKey={t('incidents.awareAt')} itemValue={formatBoth(incident.awareAt, i18n.language)} />
        <DataSummaryItem itemKey={t('incidents.regimes')} itemValue={incident.regimes.map((regime) => t(`incidents.regimeNames.${regime}`)).join(', ')} />
        <DataSummaryItem
          itemKey={t('incidents.significance')}
          itemValue={`${incident.significance.significant ? t('incidents.significant') : t('incidents.notSignificant')}: ${incident.significance.reasons.map((reason) => `${reason.basis} ${reason.text}`).join('; ')}`}
        />
        <DataSummaryItem itemKey={t('incidents.status')} itemValue={t(`incidents.statuses.${incident.status}`)} />
        {incident.description && <DataSummaryItem itemKey={t('incidents.description')} itemValue={incident.description} />}
      </DataSummary>
      <Paragraph>
        <Link href={`/api/v1/incidents/${incident.id}/report.pdf?language=${i18n.language === 'en' ? 'en' : 'nl'}`} data-reload download>
          {t('incidents.pdf')}
        </Link>
      </Paragraph>
      {writable && incident.status === 'open' && (
        <Button appearance="secondary-action-button" type="button" onClick={() => void resolveIncident(incident.id).then(onChange)}>
          {t('incidents.resolve')}
        </Button>
      )}
      {writable && <SignificanceForm incident={incident} onSaved={onChange} />}
      {mayRequest && <IntermediateRequestForm incident={incident} onRequested={onChange} />}

      <Heading level={2}>{t('incidents.timeline')}</Heading>
      {incident.obligations.length === 0 ? (
        <Paragraph>{t('incidents.noObligations')}</Paragraph>
      ) : (
        <ol className="vitaal-timeline" data-testid="obligation-timeline">
          {incident.obligations.map((obligation) => (
            <li key={obligation.id} data-testid="obligation" data-step={`${obligation.regime}.${obligation.step}`} data-status={obligation.status} data-late={obligation.late}>
              <Heading level={3} appearanceLevel={5}>
                {t(`incidents.regimeNames.${obligation.regime}`)} {t(`incidents.steps.${obligation.step}`)}
              </Heading>
              <Paragraph>
                {t('incidents.due')}:{' '}
                {obligation.dueAt === null ? (
                  <span data-testid="due-after-handling">{t('incidents.dueAfterHandling')}</span>
                ) : (
                  <>
                    <time dateTime={obligation.dueAt}>{formatDateTime(obligation.dueAt, i18n.language)}</time> {t('incidents.amsterdam')} · {formatUtc(obligation.dueAt)}
                    {obligation.status !== 'withdrawn' && (
                      <>
                        {' · '}
                        <DeadlineClock dueAt={obligation.dueAt} submitted={obligation.status === 'submitted'} />
                      </>
                    )}
                  </>
                )}
                {obligation.status === 'withdrawn' && <span className="vitaal-badge">{t('incidents.withdrawn')}</span>}
                {obligation.status === 'submitted' && (
                  <span className="vitaal-badge">
                    {t('incidents.submittedOn', { at: formatBoth(obligation.submittedAt as string, i18n.language) })} — {obligation.late ? t('incidents.late') : t('incidents.onTime')}
                  </span>
                )}
              </Paragraph>
              {obligation.request && (
                <Paragraph data-testid="intermediate-request">
                  {t('incidents.requestedBy', { organisation: obligation.request.organisationName, at: formatBoth(obligation.request.at, i18n.language) })}
                  {obligation.request.note ? `: ${obligation.request.note}` : ''}
                </Paragraph>
              )}
              <Paragraph>
                {obligation.basis}. {t('incidents.recipients')}:{' '}
                {obligation.recipients.map((recipient) => `${t(`incidents.recipientKinds.${recipient.kind}`)} (${recipient.organisations.map((organisation) => organisation.name).join(', ') || t('common.none')})`).join('; ')}
              </Paragraph>
              {writable && obligation.status === 'due' && <ReportForm incident={incident} obligation={obligation} onSubmitted={onChange} />}
            </li>
          ))}
        </ol>
      )}

      <Heading level={2}>{t('incidents.history')}</Heading>
      <ol data-testid="incident-history">
        {(incident.history ?? []).map((event) => (
          <li key={event.id}>
            {formatBoth(event.at, i18n.language)}: {t(`incidents.events.${event.kind}`)}
            {typeof event.details.step === 'string' ? ` — ${t(`incidents.regimeNames.${String(event.details.regime)}`)} ${t(`incidents.steps.${event.details.step}`)}` : ''}
          </li>
        ))}
      </ol>
      <Paragraph>
        <Link href="/incidents">{t('common.back')}</Link>
      </Paragraph>
    </article>
  );
}

const significanceFacts = ['severeOperationalDisruption', 'financialLoss', 'damageToOthers'] as const;

/** NIS2 art. 23(3): the entity reassesses the significance after the first report; Vitaal derives the obligations again. */
function SignificanceForm({ incident, onSaved }: { incident: Incident; onSaved: (next: Incident) => void }) {
  const { t } = useTranslation();
  const [facts, setFacts] = useState<SignificanceFacts>({
    severeOperationalDisruption: incident.significance.severeOperationalDisruption,
    financialLoss: incident.significance.financialLoss,
    damageToOthers: incident.significance.damageToOthers,
  });
  const [error, setError] = useState<Error>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      onSaved(await updateSignificance(incident.id, facts));
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <details>
      <summary>{t('incidents.editSignificance')}</summary>
      <form onSubmit={(event) => void submit(event)} data-testid="significance-form">
        <fieldset className="vitaal-fieldset">
          <legend>{t('incidents.significance')}</legend>
          {significanceFacts.map((fact) => (
            <FormFieldCheckboxOption key={fact} label={t(`incidents.${fact}`)} name={`significance-${fact}`} value="yes" checked={facts[fact]} onChange={() => setFacts({ ...facts, [fact]: !facts[fact] })} />
          ))}
        </fieldset>
        {error && (
          <Alert type="error">
            <Paragraph>{error.message}</Paragraph>
          </Alert>
        )}
        <Button appearance="secondary-action-button" type="submit">
          {t('incidents.saveSignificance')}
        </Button>
      </form>
    </details>
  );
}

/** NIS2 art. 23(4)(c): the CSIRT or the supervisor asks the entity for an intermediate report by a date it sets. */
function IntermediateRequestForm({ incident, onRequested }: { incident: Incident; onRequested: (next: Incident) => void }) {
  const { t } = useTranslation();
  const [dueAt, setDueAt] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      onRequested(await requestIntermediateReport(incident.id, { dueAt: instantFromAmsterdamLocal(dueAt) ?? dueAt, note }));
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <details>
      <summary>{t('incidents.requestIntermediate')}</summary>
      <form onSubmit={(event) => void submit(event)} data-testid="intermediate-request-form">
        <FormFieldTextInput label={t('incidents.requestDueAt')} name="intermediate-dueAt" type="datetime-local" required value={dueAt} onChange={(event: ChangeEvent<HTMLInputElement>) => setDueAt(event.target.value)} />
        <FormFieldTextarea label={t('incidents.requestNote')} name="intermediate-note" value={note} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setNote(event.target.value)} />
        {error && (
          <Alert type="error">
            <Paragraph>{error.message}</Paragraph>
          </Alert>
        )}
        <Button appearance="primary-action-button" type="submit">
          {t('incidents.request')}
        </Button>
      </form>
    </details>
  );
}

function ReportForm({ incident, obligation, onSubmitted }: { incident: Incident; obligation: ReportObligation; onSubmitted: (next: Incident) => void }) {
  const { t } = useTranslation();
  const [content, setContent] = useState<Record<string, string | boolean>>({});
  const [submittedAt, setSubmittedAt] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  // Intermediate reports occur more than once: their fields need names of their own.
  const prefix = obligation.step === 'intermediate-report' ? `${obligation.regime}-${obligation.step}-${obligation.id.slice(0, 8)}` : `${obligation.regime}-${obligation.step}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const values = Object.fromEntries(
      obligation.fields.flatMap((field) => {
        const value = content[field.name];
        if (field.type === 'boolean') return [[field.name, value === true]];
        if (value === undefined || value === '') return [];
        return [[field.name, field.type === 'number' ? Number(value) : value]];
      }),
    );
    try {
      onSubmitted(await submitReport(incident.id, { regime: obligation.regime, step: obligation.step, obligationId: obligation.id, submittedAt: instantFromAmsterdamLocal(submittedAt), content: values }));
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      setBusy(false);
    }
  }

  return (
    <details>
      <summary>{t('incidents.submitReport')}</summary>
      <form onSubmit={(event) => void submit(event)} data-testid={`report-${prefix}`}>
        {obligation.fields.map((field) =>
          field.type === 'boolean' ? (
            <FormFieldCheckboxOption key={field.name} label={t(`incidents.fields.${field.name}`, { defaultValue: field.description })} name={`${prefix}-${field.name}`} value="yes" checked={content[field.name] === true} onChange={() => setContent({ ...content, [field.name]: content[field.name] !== true })} />
          ) : field.type === 'number' ? (
            <FormFieldTextInput key={field.name} label={t(`incidents.fields.${field.name}`, { defaultValue: field.description })} name={`${prefix}-${field.name}`} type="number" min={0} required={field.required} value={String(content[field.name] ?? '')} onChange={(event: ChangeEvent<HTMLInputElement>) => setContent({ ...content, [field.name]: event.target.value })} />
          ) : (
            <FormFieldTextarea key={field.name} label={t(`incidents.fields.${field.name}`, { defaultValue: field.description })} name={`${prefix}-${field.name}`} required={field.required} value={String(content[field.name] ?? '')} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setContent({ ...content, [field.name]: event.target.value })} />
          ),
        )}
        <FormFieldTextInput label={t('incidents.submittedAt')} name={`${prefix}-submittedAt`} type="datetime-local" value={submittedAt} onChange={(event: ChangeEvent<HTMLInputElement>) => setSubmittedAt(event.target.value)} />
        {error && (
          <Alert type="error">
            <Paragraph>{error.message}</Paragraph>
          </Alert>
        )}
        <Button appearance="primary-action-button" type="submit" busy={busy} disabled={busy}>
          {t('incidents.send')}
        </Button>
      </form>
    </details>
  );
}
