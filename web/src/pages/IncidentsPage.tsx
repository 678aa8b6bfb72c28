import { Alert, Button, FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assessSignificance } from '../../../src/domain/incidents.ts';
import { ApiError } from '../api/client.ts';
import { listIncidents, listOpenObligations, reportIncident, type Incident } from '../api/incidents.ts';
import { amsterdamLocalNow, formatBoth, instantFromAmsterdamLocal } from '../amsterdam-time.ts';
import { DataTable } from '../components/DataTable.tsx';
import { DeadlineClock } from '../components/DeadlineClock.tsx';
import { ErrorState, ListCount, Loading, NoData } from '../components/PageStates.tsx';
import { navigate } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** Incidents the user may see, the running deadlines with live clocks, and (for a provider) the form to report one. */
export function IncidentsPage() {
  const { t } = useTranslation();
  useTitle(t('incidents.title'));
  const user = useUser();
  const data = useLoad(() => Promise.all([listIncidents(), listOpenObligations()]), 'incidents');
  const isProvider = user.roles.includes('provider');
  return (
    <>
      <Heading level={1}>{t('incidents.title')}</Heading>
      <Paragraph>{t('incidents.intro')}</Paragraph>
      {isProvider && <ReportForm />}
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' && (data.data[0].length === 0 ? <NoData /> : <Lists incidents={data.data[0]} obligations={data.data[1]} />)}
    </>
  );
}

function Lists({ incidents, obligations }: { incidents: Incident[]; obligations: Awaited<ReturnType<typeof listOpenObligations>> }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Heading level={2}>{t('incidents.deadlines')}</Heading>
      {obligations.items.length === 0 ? (
        <Paragraph>{t('common.none')}</Paragraph>
      ) : (
        <>
          <ListCount page={obligations} testId="deadline-count" />
          <DataTable testId="deadline-table" caption={t('incidents.deadlinesCaption')} showCaption headers={[t('incidents.incident'), t('incidents.entity'), t('incidents.report_'), t('incidents.due'), t('incidents.clock')]}>
            {obligations.items.map((obligation) => (
              <TableRow key={obligation.id} data-late={obligation.late}>
                <TableCell>
                  <Link href={`/incidents/${obligation.incidentId}`}>{obligation.incidentNumber}</Link> {obligation.incidentTitle}
                </TableCell>
                <TableCell>{obligation.organisationName}</TableCell>
                <TableCell>
                  {t(`incidents.regimeNames.${obligation.regime}`)} {t(`incidents.steps.${obligation.step}`)}
                </TableCell>
                <TableCell>{obligation.dueAt === null ? t('incidents.dueAfterHandling') : formatBoth(obligation.dueAt, i18n.language)}</TableCell>
                <TableCell>{obligation.dueAt !== null && <DeadlineClock dueAt={obligation.dueAt} submitted={false} />}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      )}
      <Heading level={2}>{t('incidents.list')}</Heading>
      <DataTable testId="incident-table" caption={t('incidents.caption')} headers={[t('incidents.number'), t('incidents.titleField'), t('incidents.entity'), t('incidents.awareAt'), t('incidents.status'), t('incidents.openReports')]}>
        {incidents.map((incident) => {
          const open = incident.obligations.filter((obligation) => obligation.status === 'due');
          const overdue = open.filter((obligation) => obligation.late).length;
          return (
            <TableRow key={incident.id} data-organisation={incident.organisationId}>
              <TableCell>
                <Link href={`/incidents/${incident.id}`}>{incident.number}</Link>
              </TableCell>
              <TableCell>{incident.title}</TableCell>
              <TableCell>{incident.organisationName}</TableCell>
              <TableCell>{formatBoth(incident.awareAt, i18n.language)}</TableCell>
              <TableCell>{t(`incidents.statuses.${incident.status}`)}</TableCell>
              <TableCell>
                {open.length}
                {overdue > 0 && <span className="vitaal-badge">{t('incidents.overdueCount', { count: overdue })}</span>}
              </TableCell>
            </TableRow>
          );
        })}
      </DataTable>
    </>
  );
}

const facts = ['severeOperationalDisruption', 'financialLoss', 'damageToOthers'] as const;

function ReportForm() {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [awareAt, setAwareAt] = useState(amsterdamLocalNow);
  const [regimes, setRegimes] = useState<('nis2' | 'cer')[]>(['nis2']);
  const [trustService, setTrustService] = useState(false);
  const [significance, setSignificance] = useState({ severeOperationalDisruption: false, financialLoss: false, damageToOthers: false });
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const assessment = assessSignificance(significance);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const incident = await reportIncident({ title, description, awareAt: instantFromAmsterdamLocal(awareAt) ?? awareAt, regimes, trustService, significance });
      navigate(`/incidents/${incident.id}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="report-incident">
      <Heading level={2} id="report-incident">
        {t('incidents.report')}
      </Heading>
      <Paragraph>{t('incidents.introProvider')}</Paragraph>
      <form onSubmit={(event) => void submit(event)} data-testid="report-form">
        <FormFieldTextInput label={t('incidents.titleField')} name="title" required value={title} onChange={(event: ChangeEvent<HTMLInputElement>) => setTitle(event.target.value)} />
        <FormFieldTextarea label={t('incidents.description')} name="description" value={description} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setDescription(event.target.value)} />
        <FormFieldTextInput label={t('incidents.awareAt')} description={t('incidents.awareAtHint')} name="awareAt" type="datetime-local" required value={awareAt} onChange={(event: ChangeEvent<HTMLInputElement>) => setAwareAt(event.target.value)} />
        <fieldset className="vitaal-fieldset">
          <legend>{t('incidents.regimes')}</legend>
          {(['nis2', 'cer'] as const).map((regime) => (
            <FormFieldCheckboxOption
              key={regime}
              label={t(`incidents.regimeNames.${regime}`)}
              name="regimes"
              value={regime}
              checked={regimes.includes(regime)}
              onChange={() => setRegimes(regimes.includes(regime) ? regimes.filter((item) => item !== regime) : [...regimes, regime])}
            />
          ))}
          <FormFieldCheckboxOption label={t('incidents.trustService')} name="trustService" value="yes" checked={trustService} onChange={() => setTrustService(!trustService)} />
        </fieldset>
        <fieldset className="vitaal-fieldset">
          <legend>{t('incidents.significance')}</legend>
          {facts.map((fact) => (
            <FormFieldCheckboxOption key={fact} label={t(`incidents.${fact}`)} name={fact} value="yes" checked={significance[fact]} onChange={() => setSignificance({ ...significance, [fact]: !significance[fact] })} />
          ))}
          <Paragraph data-testid="significance" role="status">
            {assessment.significant ? t('incidents.significant') : t('incidents.notSignificant')} ({assessment.reasons.map((reason) => reason.basis).join(', ')})
          </Paragraph>
        </fieldset>
        {error && (
          <Alert type="error">
            <Paragraph>{error.message}</Paragraph>
          </Alert>
        )}
        <Button appearance="primary-action-button" type="submit" busy={busy} disabled={busy}>
          {t('incidents.submit')}
        </Button>
      </form>
    </section>
  );
}
