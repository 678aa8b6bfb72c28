import { Alert, Button, FormFieldSelect, FormFieldTextInput, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createEnforcement,
  createFinding,
  getSupervisedEntity,
  listIncidentsOf,
  listSupervisedEntities,
  planInspection,
  updateEnforcement,
  updateFinding,
  type EnforcementAction,
  type Finding,
  type Incident,
  type SupervisedEntity,
  type SupervisedEntityDetail,
} from '../api/incidents.ts';
import { formatBoth } from '../amsterdam-time.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, ListCount, Loading, NoData } from '../components/PageStates.tsx';
import { useLocation } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The supervisor dashboard: every supervised entity, and one entity's inspections, findings and enforcement. */
export function SupervisionPage() {
  const { t } = useTranslation();
  useTitle(t('incidents.supervision'));
  const selected = useLocation().searchParams.get('entity') ?? '';
  const entities = useLoad(listSupervisedEntities, 'supervision');
  return (
    <>
      <Heading level={1}>{t('incidents.supervision')}</Heading>
      <Paragraph>{t('incidents.supervisionIntro')}</Paragraph>
      {entities.state === 'loading' && <Loading />}
      {entities.state === 'error' && <ErrorState error={entities.error} />}
      {entities.state === 'done' &&
        (entities.data.items.length === 0 ? (
          <NoData />
        ) : (
          <>
            <ListCount page={entities.data} testId="supervised-entity-count" />
            <EntityTable entities={entities.data.items} />
          </>
        ))}
      {selected && <EntityDetail key={selected} organisationId={selected} />}
    </>
  );
}

function EntityTable({ entities }: { entities: SupervisedEntity[] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      testId="supervised-entities"
      caption={t('incidents.entitiesCaption')}
      headers={[t('incidents.entity_'), t('incidents.classification'), t('incidents.regime'), t('incidents.dutyOfCare'), t('incidents.incidentsColumn'), t('incidents.timeliness'), t('incidents.inspections'), t('incidents.findings'), t('incidents.enforcement')]}
    >
      {entities.map((entity) => (
        <TableRow key={entity.organisationId} data-entity={entity.code} data-regime={entity.supervision.regime}>
          <TableCell>
            <Link href={`/supervision?entity=${entity.organisationId}`}>{entity.organisationName}</Link>
          </TableCell>
          <TableCell>
            NIS2 {t(`incidents.outcomes.${entity.classification.nis2}`)}, CER {t(`incidents.outcomes.${entity.classification.cer}`)}
          </TableCell>
          <TableCell title={entity.supervision.basis}>{t(`incidents.regimes_.${entity.supervision.regime}`)}</TableCell>
          <TableCell>{entity.dutyOfCare ? `${entity.dutyOfCare.gaps}${entity.dutyOfCare.approved ? '' : ' *'}` : t('common.none')}</TableCell>
          <TableCell>
            {entity.incidents.total} ({entity.incidents.open})
          </TableCell>
          <TableCell data-testid="timeliness">
            {entity.incidents.reports.onTime} / {entity.incidents.reports.late} / {entity.incidents.reports.overdue}
          </TableCell>
          <TableCell>{t('incidents.inspectionsCell', { done: entity.inspections.done, planned: entity.inspections.planned })}</TableCell>
          <TableCell>
            {entity.findings.open} ({entity.findings.overdue})
          </TableCell>
          <TableCell>{entity.enforcement.active}</TableCell>
        </TableRow>
      ))}
    </DataTable>
  );
}

function EntityDetail({ organisationId }: { organisationId: string }) {
  const [version, setVersion] = useState(0);
  const detail = useLoad(() => getSupervisedEntity(organisationId), `${organisationId}:${version}`);
  if (detail.state === 'loading') return <Loading />;
  if (detail.state === 'error') return <ErrorState error={detail.error} />;
  return <EntityRecords entity={detail.data} onChange={() => setVersion(version + 1)} />;
}

function EntityRecords({ entity, onChange }: { entity: SupervisedEntityDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const isSupervisor = user.roles.includes('supervisor');
  return (
    <section aria-labelledby="entity-detail" data-testid="entity-detail">
      <Heading level={2} id="entity-detail">
        {entity.organisationName}
      </Heading>
      <Paragraph data-testid="supervision-regime">
        {t(`incidents.regimes_.${entity.supervision.regime}`)}: {entity.supervision.basis}
      </Paragraph>
      <Heading level={3}>{t('incidents.inspections')}</Heading>
      <DataTable testId="inspections" caption={t('incidents.inspections')} headers={[t('incidents.date'), t('incidents.kind'), t('incidents.status'), t('incidents.scope')]}>
        {entity.inspectionList.map((inspection) => (
          <TableRow key={inspection.id}>
            <TableCell>{inspection.date}</TableCell>
            <TableCell>{t(`incidents.inspectionKinds.${inspection.kind}`)}</TableCell>
            <TableCell>{t(`incidents.inspectionStatuses.${inspection.status}`)}</TableCell>
            <TableCell>{inspection.scope}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {isSupervisor && <InspectionForm entity={entity} onPlanned={onChange} />}
      <Heading level={3}>{t('incidents.findingsList')}</Heading>
      <DataTable testId="findings" caption={t('incidents.findingsList')} headers={[t('incidents.titleField'), t('incidents.status'), t('incidents.dueDate')]}>
        {entity.findingList.map((finding) => (
          <TableRow key={finding.id} data-overdue={finding.overdue} data-finding={finding.title}>
            <TableCell>{finding.title}</TableCell>
            <TableCell>
              {t(`incidents.findingStatuses.${finding.status}`)}
              {finding.overdue && <span className="vitaal-badge">{t('incidents.late')}</span>}
            </TableCell>
            <TableCell>{finding.dueDate ?? t('common.none')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {isSupervisor && <FindingForms entity={entity} onChange={onChange} />}
      <Heading level={3}>{t('incidents.enforcementList')}</Heading>
      <DataTable testId="enforcement" caption={t('incidents.enforcementList')} headers={[t('incidents.date'), t('incidents.kind'), t('incidents.status'), t('incidents.description')]}>
        {entity.enforcementList.map((action) => (
          <TableRow key={action.id} data-kind={action.kind} data-status={action.status}>
            <TableCell>{action.decidedOn}</TableCell>
            <TableCell>{t(`incidents.enforcementKinds.${action.kind}`)}</TableCell>
            <TableCell>{t(`incidents.enforcementStatuses.${action.status}`)}</TableCell>
            <TableCell>{action.description}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {isSupervisor && <EnforcementForms entity={entity} onChange={onChange} />}
      <EntityReports organisationId={entity.organisationId} />
    </section>
  );
}

/** Submit handling shared by the supervisor's forms: the error shown in place, the page reloaded on success. */
function useSubmit(onDone: () => void) {
  const [error, setError] = useState<Error>();
  const run = (action: () => Promise<unknown>) => async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await action();
      onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };
  const alert = error && (
    <Alert type="error">
      <Paragraph>{error.message}</Paragraph>
    </Alert>
  );
  return { run, alert };
}

const findingStatuses: Finding['status'][] = ['open', 'in-progress', 'resolved'];
const enforcementKinds: EnforcementAction['kind'][] = ['warning', 'binding-instruction', 'order', 'order-subject-to-penalty', 'fine', 'suspension', 'management-ban'];
const essentialOnly: EnforcementAction['kind'][] = ['suspension', 'management-ban'];
const enforcementStatuses: EnforcementAction['status'][] = ['intended', 'imposed', 'complied', 'withdrawn'];
const value = (form: HTMLFormElement, name: string) => (new FormData(form).get(name) as string | null) ?? '';

/** A new finding with its follow-up date, and the follow-up of an existing one (status, date). */
function FindingForms({ entity, onChange }: { entity: SupervisedEntityDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const create = useSubmit(onChange);
  const follow = useSubmit(onChange);
  return (
    <>
      <details>
        <summary>{t('incidents.addFinding')}</summary>
        <form
          data-testid="finding-form"
          onSubmit={(event) => {
            const form = event.currentTarget;
            void create.run(() => createFinding(entity.organisationId, { title: value(form, 'finding-title'), description: value(form, 'finding-description'), dueDate: value(form, 'finding-due') || null }))(event);
          }}
        >
          <FormFieldTextInput label={t('incidents.titleField')} name="finding-title" required />
          <FormFieldTextInput label={t('incidents.description')} name="finding-description" />
          <FormFieldTextInput label={t('incidents.dueDate')} name="finding-due" type="date" />
          {create.alert}
          <Button appearance="secondary-action-button" type="submit">
            {t('incidents.add')}
          </Button>
        </form>
      </details>
      {entity.findingList.length > 0 && (
        <details>
          <summary>{t('incidents.followUp')}</summary>
          <form
            data-testid="finding-follow-up"
            onSubmit={(event) => {
              const form = event.currentTarget;
              void follow.run(() => updateFinding(value(form, 'follow-finding'), { status: value(form, 'follow-status') as Finding['status'], ...(value(form, 'follow-due') ? { dueDate: value(form, 'follow-due') } : {}) }))(event);
            }}
          >
            <FormFieldSelect label={t('incidents.finding')} name="follow-finding">
              {entity.findingList.map((finding) => (
                <SelectOption key={finding.id} value={finding.id}>
                  {finding.title}
                </SelectOption>
              ))}
            </FormFieldSelect>
            <FormFieldSelect label={t('incidents.status')} name="follow-status" defaultValue="in-progress">
              {findingStatuses.map((status) => (
                <SelectOption key={status} value={status}>
                  {t(`incidents.findingStatuses.${status}`)}
                </SelectOption>
              ))}
            </FormFieldSelect>
            <FormFieldTextInput label={t('incidents.dueDate')} name="follow-due" type="date" />
            {follow.alert}
            <Button appearance="secondary-action-button" type="submit">
              {t('incidents.save')}
            </Button>
          </form>
        </details>
      )}
    </>
  );
}

/** A new enforcement action (suspension and a management ban only for essential entities, NIS2 art. 32(5)), and a change of its status. */
function EnforcementForms({ entity, onChange }: { entity: SupervisedEntityDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const create = useSubmit(onChange);
  const change = useSubmit(onChange);
  const essential = entity.supervision.regime === 'ex-ante-and-ex-post';
  return (
    <>
      <details>
        <summary>{t('incidents.addEnforcement')}</summary>
        <form
          data-testid="enforcement-form"
          onSubmit={(event) => {
            const form = event.currentTarget;
            const amount = value(form, 'enforcement-amount');
            void create.run(() =>
              createEnforcement(entity.organisationId, {
                kind: value(form, 'enforcement-kind') as EnforcementAction['kind'],
                status: value(form, 'enforcement-status') as EnforcementAction['status'],
                decidedOn: value(form, 'enforcement-decided'),
                amountEur: amount ? Number(amount) : null,
                description: value(form, 'enforcement-description'),
                findingId: value(form, 'enforcement-finding') || null,
              }),
            )(event);
          }}
        >
          <FormFieldSelect label={t('incidents.kind')} name="enforcement-kind" defaultValue="warning">
            {enforcementKinds.map((kind) => (
              <SelectOption key={kind} value={kind} disabled={!essential && essentialOnly.includes(kind)}>
                {t(`incidents.enforcementKinds.${kind}`)}
              </SelectOption>
            ))}
          </FormFieldSelect>
          <FormFieldSelect label={t('incidents.status')} name="enforcement-status" defaultValue="intended">
            {enforcementStatuses.map((status) => (
              <SelectOption key={status} value={status}>
                {t(`incidents.enforcementStatuses.${status}`)}
              </SelectOption>
            ))}
          </FormFieldSelect>
          <FormFieldTextInput label={t('incidents.decidedOn')} name="enforcement-decided" type="date" required />
          <FormFieldTextInput label={t('incidents.amountEur')} name="enforcement-amount" type="number" min={0} />
          <FormFieldTextInput label={t('incidents.description')} name="enforcement-description" />
          <FormFieldSelect label={t('incidents.finding')} name="enforcement-finding" defaultValue="">
            <SelectOption value="">{t('common.none')}</SelectOption>
            {entity.findingList.map((finding) => (
              <SelectOption key={finding.id} value={finding.id}>
                {finding.title}
              </SelectOption>
            ))}
          </FormFieldSelect>
          {create.alert}
          <Button appearance="secondary-action-button" type="submit">
            {t('incidents.add')}
          </Button>
        </form>
      </details>
      {entity.enforcementList.length > 0 && (
        <details>
          <summary>{t('incidents.followUp')}</summary>
          <form
            data-testid="enforcement-follow-up"
            onSubmit={(event) => {
              const form = event.currentTarget;
              void change.run(() => updateEnforcement(value(form, 'change-action'), { status: value(form, 'change-status') as EnforcementAction['status'] }))(event);
            }}
          >
            <FormFieldSelect label={t('incidents.enforcementList')} name="change-action">
              {entity.enforcementList.map((action) => (
                <SelectOption key={action.id} value={action.id}>
                  {action.decidedOn} {t(`incidents.enforcementKinds.${action.kind}`)}
                </SelectOption>
              ))}
            </FormFieldSelect>
            <FormFieldSelect label={t('incidents.status')} name="change-status" defaultValue="complied">
              {enforcementStatuses.map((status) => (
                <SelectOption key={status} value={status}>
                  {t(`incidents.enforcementStatuses.${status}`)}
                </SelectOption>
              ))}
            </FormFieldSelect>
            {change.alert}
            <Button appearance="secondary-action-button" type="submit">
              {t('incidents.save')}
            </Button>
          </form>
        </details>
      )}
    </>
  );
}

type Timeliness = 'on-time' | 'late' | 'overdue' | 'due' | 'open' | 'withdrawn';

/** How a report obligation stands: submitted on time or late, overdue, still due, due after handling (NIS2 art. 23(4)(e)), withdrawn. */
const timelinessOf = (obligation: Incident['obligations'][number]): Timeliness =>
  obligation.status === 'withdrawn' ? 'withdrawn' : obligation.status === 'submitted' ? (obligation.late ? 'late' : 'on-time') : obligation.dueAt === null ? 'open' : obligation.late ? 'overdue' : 'due';

/** The entity's incidents with every report obligation and its timeliness, for the supervisor. */
function EntityReports({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const incidents = useLoad(() => listIncidentsOf(organisationId), `reports:${organisationId}`);
  return (
    <>
      <Heading level={3}>{t('incidents.reportsOfEntity')}</Heading>
      {incidents.state === 'loading' && <Loading />}
      {incidents.state === 'error' && <ErrorState error={incidents.error} />}
      {incidents.state === 'done' &&
        (incidents.data.length === 0 ? (
          <Paragraph>{t('incidents.noneRecorded')}</Paragraph>
        ) : (
          <DataTable testId="entity-reports" caption={t('incidents.reportsCaption')} headers={[t('incidents.incident'), t('incidents.report_'), t('incidents.due'), t('incidents.submitted'), t('incidents.timeliness')]}>
            {incidents.data.flatMap((incident) =>
              incident.obligations.map((obligation) => (
                <TableRow key={obligation.id} data-timeliness={timelinessOf(obligation)} data-step={`${obligation.regime}.${obligation.step}`}>
                  <TableCell>
                    <Link href={`/incidents/${incident.id}`}>{incident.number}</Link> {incident.title}
                  </TableCell>
                  <TableCell>
                    {t(`incidents.regimeNames.${obligation.regime}`)} {t(`incidents.steps.${obligation.step}`)}
                  </TableCell>
                  <TableCell>{obligation.dueAt === null ? t('incidents.dueAfterHandling') : formatBoth(obligation.dueAt, i18n.language)}</TableCell>
                  <TableCell>{obligation.submittedAt ? formatBoth(obligation.submittedAt, i18n.language) : t('common.none')}</TableCell>
                  <TableCell>{t(`incidents.timelinessStates.${timelinessOf(obligation)}`)}</TableCell>
                </TableRow>
              )),
            )}
          </DataTable>
        ))}
    </>
  );
}

function InspectionForm({ entity, onPlanned }: { entity: SupervisedEntityDetail; onPlanned: () => void }) {
  const { t } = useTranslation();
  const exAnteAllowed = entity.supervision.regime === 'ex-ante-and-ex-post';
  const [kind, setKind] = useState<'ex-ante' | 'ex-post'>('ex-post');
  const [date, setDate] = useState('');
  const [scope, setScope] = useState('');
  const [error, setError] = useState<Error>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await planInspection(entity.organisationId, { kind, status: 'planned', date, scope });
      onPlanned();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} data-testid="inspection-form" aria-label={t('incidents.planInspection')}>
      <FormFieldSelect
        label={t('incidents.kind')}
        description={exAnteAllowed ? undefined : t('incidents.exAnteOnlyEssential', { regime: t(`incidents.regimes_.${entity.supervision.regime}`) })}
        name="kind"
        value={kind}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => setKind(event.target.value as 'ex-ante' | 'ex-post')}
      >
        <SelectOption value="ex-post">{t('incidents.inspectionKinds.ex-post')}</SelectOption>
        <SelectOption value="ex-ante" disabled={!exAnteAllowed}>
          {t('incidents.inspectionKinds.ex-ante')}
        </SelectOption>
      </FormFieldSelect>
      <FormFieldTextInput label={t('incidents.date')} name="date" type="date" required value={date} onChange={(event: ChangeEvent<HTMLInputElement>) => setDate(event.target.value)} />
      <FormFieldTextInput label={t('incidents.scope')} name="scope" required value={scope} onChange={(event: ChangeEvent<HTMLInputElement>) => setScope(event.target.value)} />
      {error && (
        <Alert type="error">
          <Paragraph>{error.message}</Paragraph>
        </Alert>
      )}
      <Button appearance="secondary-action-button" type="submit">
        {t('incidents.plan')}
      </Button>
    </form>
  );
}
