import { Alert, Button, FormFieldSelect, FormFieldTextInput, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getSupervisedEntity, listSupervisedEntities, planInspection, type SupervisedEntity, type SupervisedEntityDetail } from '../api/incidents.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
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
      {entities.state === 'done' && (entities.data.length === 0 ? <NoData /> : <EntityTable entities={entities.data} />)}
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
      {user.roles.includes('supervisor') && <InspectionForm entity={entity} onPlanned={onChange} />}
      <Heading level={3}>{t('incidents.findings')}</Heading>
      <DataTable testId="findings" caption={t('incidents.findings')} headers={[t('incidents.titleField'), t('incidents.status'), t('incidents.dueDate')]}>
        {entity.findingList.map((finding) => (
          <TableRow key={finding.id} data-overdue={finding.overdue}>
            <TableCell>{finding.title}</TableCell>
            <TableCell>
              {t(`incidents.findingStatuses.${finding.status}`)}
              {finding.overdue && <span className="vitaal-badge">{t('incidents.late')}</span>}
            </TableCell>
            <TableCell>{finding.dueDate ?? t('common.none')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <Heading level={3}>{t('incidents.enforcement')}</Heading>
      <DataTable testId="enforcement" caption={t('incidents.enforcement')} headers={[t('incidents.date'), t('incidents.kind'), t('incidents.status'), t('incidents.description')]}>
        {entity.enforcementList.map((action) => (
          <TableRow key={action.id}>
            <TableCell>{action.decidedOn}</TableCell>
            <TableCell>{t(`incidents.enforcementKinds.${action.kind}`)}</TableCell>
            <TableCell>{t(`incidents.enforcementStatuses.${action.status}`)}</TableCell>
            <TableCell>{action.description}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
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
