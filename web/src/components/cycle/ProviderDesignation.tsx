import { Button, FormFieldTextarea, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { designationStatuses, type DesignationStatus } from '../../../../src/domain/registry.ts';
import { acknowledgeNotification, notifyProvider, setDesignation } from '../../api/cycle-work.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { listOrganisations } from '../../api/registry.ts';
import { formatDateTime } from '../../format.ts';
import { useLoad } from '../../use-api.ts';
import { DataTable } from '../DataTable.tsx';
import { ProblemAlert, useFormSubmit } from '../FormSubmit.tsx';
import { ErrorState, Loading } from '../PageStates.tsx';
import type { CycleAbilities } from './abilities.ts';
import { CycleForm, fieldOf } from './CycleForm.tsx';
import { OptionSelect, type Option } from '../OptionSelect.tsx';

type Provider = CycleWorkspace['providers'][number];
type Notification = Provider['notifications'][number];

/** Step 1, second half: the providers of the process with their status and notifications, and the forms to designate and notify them. */
export function ProviderDesignation({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const cycleId = data.cycle.id;
  const known = data.providers.map((provider) => ({ value: provider.providerId, label: provider.providerName }));
  return (
    <>
      <DataTable
        testId="provider-table"
        caption={t('cycles.providers')}
        headers={[t('cycles.provider'), t('cycleForms.designation.role'), t('cycles.designation'), t('cycles.changed'), t('cycles.notified'), t('cycleForms.designation.history'), t('cycleForms.designation.notifications')]}
      >
        {data.providers.map((provider) => (
          <TableRow key={provider.id} data-provider={provider.providerName}>
            <TableCell>{provider.providerName}</TableCell>
            <TableCell>{provider.role}</TableCell>
            <TableCell>{t(`designationStatuses.${provider.status}`)}</TableCell>
            <TableCell>{formatDateTime(provider.statusChangedAt, i18n.language)}</TableCell>
            <TableCell>{formatDateTime(provider.notifiedAt, i18n.language)}</TableCell>
            <TableCell>
              <ul>
                {provider.changes.map((change) => (
                  <li key={change.id}>
                    {formatDateTime(change.changedAt, i18n.language)}: {t(`designationStatuses.${change.status}`)}
                    {change.note ? ` – ${change.note}` : ''}
                  </li>
                ))}
              </ul>
            </TableCell>
            <TableCell>
              <ul>
                {provider.notifications.map((notification) => (
                  <NotificationItem key={notification.id} cycleId={cycleId} notification={notification} acknowledges={abilities.acknowledgesNotifications} onSaved={onSaved} />
                ))}
              </ul>
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
      {abilities.designatesProviders && <DesignationForm cycleId={cycleId} known={known} onSaved={onSaved} />}
      {abilities.designatesProviders && known.length > 0 && <NotificationForm cycleId={cycleId} providers={known} onSaved={onSaved} />}
    </>
  );
}

/** One notification with its receipt; the provider notified confirms receipt here. */
function NotificationItem({ cycleId, notification, acknowledges, onSaved }: { cycleId: string; notification: Notification; acknowledges: boolean; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const submit = useFormSubmit();
  const acknowledge = async () => {
    if (await submit.run(() => acknowledgeNotification(cycleId, notification.id))) onSaved();
  };
  return (
    <li data-testid="notification">
      {formatDateTime(notification.sentAt, i18n.language)} ({t(`designationStatuses.${notification.status}`)}): {notification.message} ·{' '}
      {notification.acknowledgedAt ? t('cycleForms.designation.acknowledgedAt', { date: formatDateTime(notification.acknowledgedAt, i18n.language) }) : t('cycleForms.designation.unacknowledged')}
      {acknowledges && !notification.acknowledgedAt && (
        <Button appearance="secondary-action-button" onClick={() => void acknowledge()} disabled={submit.busy} data-testid="acknowledge">
          {t('cycleForms.designation.acknowledge')}
        </Button>
      )}
      <ProblemAlert error={submit.problem} />
    </li>
  );
}

/** Identifies a provider for the process (proposed), designates or withdraws it: the process's providers first, then every other provider organisation. */
function DesignationForm({ cycleId, known, onSaved }: { cycleId: string; known: readonly Option[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const organisations = useLoad(() => listOrganisations('provider'), 'designation-providers');
  if (organisations.state === 'loading') return <Loading />;
  if (organisations.state === 'error') return <ErrorState error={organisations.error} />;
  const others = organisations.data.items.filter((organisation) => !known.some((option) => option.value === organisation.id)).map((organisation) => ({ value: organisation.id, label: organisation.name }));
  const send = (form: FormData) => {
    const note = fieldOf(form, 'note');
    return setDesignation(cycleId, { providerId: fieldOf(form, 'providerId'), status: fieldOf(form, 'status') as DesignationStatus, ...(note ? { note } : {}) });
  };
  return (
    <CycleForm testId="designation-form" title={t('cycleForms.designation.title')} submitLabel={t('cycleForms.designation.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <OptionSelect label={t('cycles.provider')} name="providerId" options={[...known, ...others]} />
      <OptionSelect label={t('cycleForms.designation.status')} name="status" options={designationStatuses.map((status) => ({ value: status, label: t(`designationStatuses.${status}`) }))} />
      <FormFieldTextarea label={t('cycleForms.note')} name="note" rows={2} />
    </CycleForm>
  );
}

/** Records that a provider of the process was informed of its status. */
function NotificationForm({ cycleId, providers, onSaved }: { cycleId: string; providers: readonly Option[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const send = (form: FormData) => notifyProvider(cycleId, { providerId: fieldOf(form, 'providerId'), message: fieldOf(form, 'message') });
  return (
    <CycleForm testId="notification-form" title={t('cycleForms.notification.title')} submitLabel={t('cycleForms.notification.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <OptionSelect label={t('cycles.provider')} name="providerId" options={providers} />
      <FormFieldTextarea label={t('cycleForms.notification.message')} description={t('cycleForms.notification.hint')} name="message" rows={3} required />
    </CycleForm>
  );
}
