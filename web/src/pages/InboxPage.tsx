import { Button, FormFieldSelect, FormFieldTextInput, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { tlpLabels } from '../../../src/domain/tlp.ts';
import { getPreferences, listMessages, listNotifications, markAllNotificationsRead, setPreferences, type AdvisorySummary, type NotificationPreferences, type Tlp } from '../api/messages.ts';
import { listOrganisations } from '../api/registry.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { TlpLabel } from '../components/TlpLabel.tsx';
import { formatDateTime } from '../format.ts';
import { hasAnyRole, messageAuthorRoles } from '../navigation.ts';
import { navigate, useLocation } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const isTlp = (value: string): value is Tlp => (tlpLabels as readonly string[]).includes(value);

/** The user's inbox: every message it may read under its TLP label, with search, label filter and unread state. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('messages.inbox'));
  const location = useLocation();
  const q = location.searchParams.get('q') ?? '';
  const tlp = location.searchParams.get('tlp') ?? '';
  const unread = location.searchParams.get('unread') === 'true';
  const [version, setVersion] = useState(0);
  const inbox = useLoad(
    () => Promise.all([listMessages({ ...(q ? { q } : {}), ...(isTlp(tlp) ? { tlp } : {}), ...(unread ? { unread } : {}) }), listNotifications(), listOrganisations(), getPreferences()]),
    `${location.search}#${version}`,
  );

  const organisationName = new Map(inbox.state === 'done' ? inbox.data[2].items.map((organisation) => [organisation.id, organisation.name]) : []);

  const setFilter = (name: string, value: string) => {
    const params = new URLSearchParams(location.search);
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    navigate(`/inbox${query ? `?${query}` : ''}`, { replace: true });
  };
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter('q', String(new FormData(event.currentTarget).get('q') ?? '').trim());
  };

  return (
    <>
      <Heading level={1}>{t('messages.inbox')}</Heading>
      <Paragraph>{t('messages.inboxIntro')}</Paragraph>
      {hasAnyRole(user.roles, messageAuthorRoles) && (
        <Paragraph>
          <Link href="/inbox/new" data-testid="compose-link">
            {t('messages.compose')}
          </Link>
        </Paragraph>
      )}
      <form className="vitaal-filters" role="search" aria-label={t('messages.searchLabel')} onSubmit={search}>
        <FormFieldTextInput label={t('messages.search')} name="q" defaultValue={q} key={q} />
        <FormFieldSelect label={t('messages.label')} name="tlp" value={tlp} onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('tlp', event.target.value)}>
          <SelectOption value="">{t('common.all')}</SelectOption>
          {tlpLabels.map((label) => (
            <SelectOption key={label} value={label}>
              {label}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect label={t('messages.show')} name="unread" value={unread ? 'true' : ''} onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('unread', event.target.value)}>
          <SelectOption value="">{t('messages.showAll')}</SelectOption>
          <SelectOption value="true">{t('messages.showUnread')}</SelectOption>
        </FormFieldSelect>
        <Button appearance="secondary-action-button" type="submit">
          {t('messages.searchButton')}
        </Button>
        {location.search && (
          <Button appearance="subtle-button" type="button" onClick={() => navigate('/inbox', { replace: true })}>
            {t('common.reset')}
          </Button>
        )}
      </form>
      {inbox.state === 'loading' && <Loading />}
      {inbox.state === 'error' && <ErrorState error={inbox.error} />}
      {inbox.state === 'done' && (
        <>
          <Paragraph role="status" data-testid="unread-count">
            {t('messages.unreadNotifications', { count: inbox.data[1].unread })}{' '}
            {inbox.data[1].unread > 0 && (
              <Button appearance="subtle-button" type="button" onClick={() => void markAllNotificationsRead().then(() => setVersion((value) => value + 1))}>
                {t('messages.markAllRead')}
              </Button>
            )}
          </Paragraph>
          {inbox.data[0].items.length === 0 ? (
            <Paragraph data-testid="inbox-empty">{t('messages.empty')}</Paragraph>
          ) : (
            <DataTable
              testId="inbox-table"
              caption={t('messages.inboxCaption', { count: inbox.data[0].total })}
              headers={[t('messages.label'), t('messages.title'), t('messages.kind'), t('messages.from'), t('messages.received'), t('messages.state')]}
            >
              {inbox.data[0].items.map((message) => (
                <TableRow key={message.id} data-message={message.id}>
                  <TableCell>
                    <TlpLabel tlp={message.tlp} />
                  </TableCell>
                  <TableCell>
                    <Link href={`/inbox/${message.id}`}>{message.readAt || message.authorUserId === user.id ? message.title : <strong>{message.title}</strong>}</Link>
                  </TableCell>
                  <TableCell>{t(`messages.kinds.${message.kind}`, { defaultValue: message.kind })}</TableCell>
                  <TableCell>{organisationName.get(message.authorOrgId) ?? t('common.none')}</TableCell>
                  <TableCell>{formatDateTime(message.createdAt, i18n.language)}</TableCell>
                  <TableCell>{t(`messages.states.${stateOf(message, user.id)}`)}</TableCell>
                </TableRow>
              ))}
            </DataTable>
          )}
          <EmailPreference current={inbox.data[3].email} />
        </>
      )}
    </>
  );
}

const stateOf = (message: AdvisorySummary, userId: string) => (message.authorUserId === userId ? 'sent' : message.acknowledgedAt ? 'acknowledged' : message.readAt ? 'read' : 'unread');

/** How the user wants e-mail about new messages: at once, in a daily digest, or not. */
function EmailPreference({ current }: { current: NotificationPreferences['email'] }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(current);
  const [saved, setSaved] = useState(false);
  return (
    <form className="vitaal-filters" aria-label={t('messages.emailPreference')} onSubmit={(event) => event.preventDefault()}>
      <FormFieldSelect
        label={t('messages.emailPreference')}
        name="email"
        value={value}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => {
          const email = event.target.value as NotificationPreferences['email'];
          setValue(email);
          setSaved(false);
          void setPreferences(email).then(() => setSaved(true));
        }}
      >
        {(['immediate', 'daily', 'none'] as const).map((option) => (
          <SelectOption key={option} value={option}>
            {t(`messages.emailOptions.${option}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      {saved && <Paragraph role="status">{t('messages.saved')}</Paragraph>}
    </form>
  );
}
