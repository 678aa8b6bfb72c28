import { Alert, Button, FormFieldSelect, FormFieldTextInput, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { controlStatuses } from '../../../src/domain/duty-of-care.ts';
import { approveMeasures, entityControls, listDutyEntities, setControlStatus, type ControlStatusValue, type EntityControls, type EntityStatus } from '../api/duty-of-care.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, ListCount, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useLocation } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const countColumns = [...controlStatuses, 'unassessed'] as const;

/** NIS2/CER duty of care: every visible entity's control status and gaps; one entity's controls, which its provider edits. */
export function DutyOfCarePage() {
  const { t } = useTranslation();
  useTitle(t('dutyOfCare.title'));
  const user = useUser();
  const location = useLocation();
  const selected = location.searchParams.get('organisation') ?? (user.organisationKind === 'provider' ? user.organisationId : '');
  const entities = useLoad(listDutyEntities, 'entities');
  return (
    <>
      <Heading level={1}>{t('dutyOfCare.title')}</Heading>
      <Paragraph>{t('dutyOfCare.intro')}</Paragraph>
      {entities.state === 'loading' && <Loading />}
      {entities.state === 'error' && <ErrorState error={entities.error} />}
      {entities.state === 'done' &&
        (entities.data.items.length === 0 ? (
          <NoData />
        ) : (
          <>
            <ListCount page={entities.data} testId="duty-entity-count" />
            <EntityTable entities={entities.data.items} />
          </>
        ))}
      {selected && <EntityDetail key={selected} organisationId={selected} editable={user.organisationKind === 'provider' && user.organisationId === selected && user.roles.includes('provider')} />}
    </>
  );
}

function EntityTable({ entities }: { entities: EntityStatus[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={2}>{t('dutyOfCare.entities')}</Heading>
      <DataTable
        testId="duty-entities"
        caption={t('dutyOfCare.entities')}
        headers={[t('dutyOfCare.entity'), t('dutyOfCare.nis2'), t('dutyOfCare.cer'), ...countColumns.map((status) => ({ label: t(`dutyOfCare.statuses.${status}`), align: 'end' as const })), { label: t('dutyOfCare.gapCount'), align: 'end' }, t('dutyOfCare.approval')]}
      >
        {entities.map((entity) => (
          <TableRow key={entity.organisationId}>
            <TableCell>
              <Link href={`/duty-of-care?organisation=${entity.organisationId}`}>{entity.organisationName}</Link>
            </TableCell>
            <TableCell>{entity.nis2 ? t(`dutyOfCare.outcomes.${entity.nis2}`) : t('common.none')}</TableCell>
            <TableCell>{entity.cer ? t(`dutyOfCare.outcomes.${entity.cer}`) : t('common.none')}</TableCell>
            {countColumns.map((status) => (
              <TableCell key={status} alignCell="end">
                {entity.counts[status]}
              </TableCell>
            ))}
            <TableCell alignCell="end">{entity.gaps.length}</TableCell>
            <TableCell>{entity.approval ? t('common.yes') : t('common.no')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </>
  );
}

function ApprovalState({ entity }: { entity: EntityControls }) {
  const { t, i18n } = useTranslation();
  const last = entity.lastApproval;
  if (!last) return <Paragraph data-testid="approval-state">{t('dutyOfCare.noApproval')}</Paragraph>;
  const at = formatDateTime(last.approvedAt, i18n.language);
  if (last.invalidatedAt)
    return (
      <Alert type="warning" data-testid="approval-state">
        <Paragraph>{t('dutyOfCare.approvalInvalidated', { by: last.approvedBy, at, changed: formatDateTime(last.invalidatedAt, i18n.language) })}</Paragraph>
      </Alert>
    );
  return <Paragraph data-testid="approval-state">{t('dutyOfCare.approvalValid', { by: last.approvedBy, at })}</Paragraph>;
}

function EntityDetail({ organisationId, editable }: { organisationId: string; editable: boolean }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<Error>();
  const entity = useLoad(() => entityControls(organisationId), `${organisationId}:${version}`);

  async function run(work: () => Promise<unknown>, done: string) {
    setError(undefined);
    try {
      await work();
      setMessage(done);
      setVersion((value) => value + 1);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  function saveControl(catalogueId: string, controlId: string, label: string) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      const owner = String(form.get('owner') ?? '').trim();
      const reviewDate = String(form.get('reviewDate') ?? '').trim();
      void run(
        () => setControlStatus(organisationId, catalogueId, controlId, { status: String(form.get('status')) as ControlStatusValue, owner: owner || null, reviewDate: reviewDate || null }),
        t('dutyOfCare.statusSaved', { control: label }),
      );
    };
  }

  function approve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const approvedBy = String(new FormData(event.currentTarget).get('approvedBy') ?? '').trim();
    if (approvedBy) void run(() => approveMeasures(organisationId, approvedBy), t('dutyOfCare.approved'));
  }

  if (entity.state === 'loading') return <Loading />;
  if (entity.state === 'error') return <ErrorState error={entity.error} />;
  const data = entity.data;
  return (
    <section data-testid="duty-entity">
      <Heading level={2}>{data.organisationName}</Heading>
      {message && (
        <Paragraph role="status" data-testid="duty-message">
          {message}
        </Paragraph>
      )}
      {error && <ErrorState error={error} />}
      <Heading level={3}>{t('dutyOfCare.approval')}</Heading>
      <ApprovalState entity={data} />
      {editable && (
        <form onSubmit={approve} className="vitaal-inline-form">
          <FormFieldTextInput label={t('dutyOfCare.approvedBy')} name="approvedBy" required />
          <Button appearance="secondary-action-button" type="submit">
            {t('dutyOfCare.approve')}
          </Button>
        </form>
      )}
      {data.catalogues.length === 0 && <Paragraph>{t('dutyOfCare.noCatalogues')}</Paragraph>}
      {data.catalogues.map((catalogue) => (
        <section key={catalogue.id}>
          <Heading level={3}>{catalogue.title}</Heading>
          <DataTable
            testId={`controls-${catalogue.id}`}
            caption={catalogue.title}
            headers={[t('dutyOfCare.control'), t('dutyOfCare.status'), t('dutyOfCare.owner'), t('dutyOfCare.reviewDate'), t('dutyOfCare.gaps'), ...(editable ? [t('dutyOfCare.saveStatus')] : [])]}
          >
            {catalogue.controls.map((control) => (
              <TableRow key={control.id} data-testid={`control-${control.id}`}>
                <TableCell>
                  <strong>{control.label}</strong> {control.title}
                </TableCell>
                {editable ? (
                  <TableCell colSpan={5}>
                    <form onSubmit={saveControl(catalogue.id, control.id, control.label)} className="vitaal-inline-form">
                      <FormFieldSelect label={t('dutyOfCare.status')} name="status" defaultValue={control.state?.status ?? 'planned'}>
                        {controlStatuses.map((status) => (
                          <SelectOption key={status} value={status}>
                            {t(`dutyOfCare.statuses.${status}`)}
                          </SelectOption>
                        ))}
                      </FormFieldSelect>
                      <FormFieldTextInput label={t('dutyOfCare.owner')} name="owner" defaultValue={control.state?.owner ?? ''} />
                      <FormFieldTextInput label={t('dutyOfCare.reviewDate')} name="reviewDate" type="date" defaultValue={control.state?.reviewDate ?? ''} />
                      <Paragraph>{control.gap ? t(`dutyOfCare.gapReasons.${control.gap}`) : t('common.none')}</Paragraph>
                      <Button appearance="secondary-action-button" type="submit">
                        {t('dutyOfCare.saveStatus')}
                      </Button>
                    </form>
                  </TableCell>
                ) : (
                  <>
                    <TableCell>{control.state ? t(`dutyOfCare.statuses.${control.state.status}`) : t('dutyOfCare.statuses.unassessed')}</TableCell>
                    <TableCell>{control.state?.owner ?? t('common.none')}</TableCell>
                    <TableCell>{control.state?.reviewDate ?? t('common.none')}</TableCell>
                    <TableCell>{control.gap ? t(`dutyOfCare.gapReasons.${control.gap}`) : t('common.none')}</TableCell>
                  </>
                )}
              </TableRow>
            ))}
          </DataTable>
        </section>
      ))}
      <Paragraph>
        <Link href={`/api/v1/duty-of-care/gaps?organisationId=${organisationId}&format=xlsx`} download data-reload="">
          {t('dutyOfCare.downloadGaps')}
        </Link>
      </Paragraph>
    </section>
  );
}
