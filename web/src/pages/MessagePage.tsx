import { Alert, Button, DataSummary, DataSummaryItem, FormFieldTextarea, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { acknowledgeMessage, attachmentHref, getMessage, listReads, replyToMessage, type Advisory, type AdvisoryReads } from '../api/messages.ts';
import { listOrganisations } from '../api/registry.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { TlpLabel, tlpKey } from '../components/TlpLabel.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { navigate } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

interface MessageView {
  message: Advisory;
  organisations: Map<string, string>;
  /** Read receipts and acknowledgements, for the author only. */
  reads: AdvisoryReads | undefined;
}

async function loadMessage(id: string, userId: string): Promise<MessageView> {
  const [message, organisations] = await Promise.all([getMessage(id), listOrganisations()]);
  const reads = message.authorUserId === userId ? await listReads(id) : undefined;
  return { message, organisations: new Map(organisations.items.map((organisation) => [organisation.id, organisation.name])), reads };
}

/** One message under its TLP label: its text, attachments, acknowledgement, replies and, for the author, who read it. */
export function MessagePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [version, setVersion] = useState(0);
  const view = useLoad(() => loadMessage(id, user.id), `${id}#${version}`);
  useTitle(view.state === 'done' ? view.data.message.title : t('messages.message'));
  const reload = () => setVersion((value) => value + 1);

  if (view.state === 'loading') return <Loading />;
  if (view.state === 'error')
    return view.error instanceof ApiError && view.error.status === 404 ? (
      <>
        <Heading level={1}>{t('messages.notFoundTitle')}</Heading>
        <Paragraph>{t('messages.notFound')}</Paragraph>
      </>
    ) : (
      <ErrorState error={view.error} />
    );
  const { message, organisations, reads } = view.data;
  const isAuthor = message.authorUserId === user.id;
  return (
    <article data-testid="message-page">
      <Paragraph>
        <Link href="/inbox">{t('messages.backToInbox')}</Link>
      </Paragraph>
      <Paragraph>
        <TlpLabel tlp={message.tlp} />
      </Paragraph>
      <Heading level={1}>{message.title}</Heading>
      <DataSummary>
        <DataSummaryItem key="kind" itemKey={t('messages.kind')} itemValue={[t(`messages.kinds.${message.kind}`, { defaultValue: message.kind }), message.threatDomain ? t(`messages.domains.${message.threatDomain}`) : ''].filter(Boolean).join(' — ')} />
        <DataSummaryItem key="from" itemKey={t('messages.from')} itemValue={organisations.get(message.authorOrgId) ?? t('common.none')} />
        <DataSummaryItem key="sent" itemKey={t('messages.received')} itemValue={formatDateTime(message.createdAt, i18n.language)} />
        {!isAuthor && (
          <DataSummaryItem key="ack" itemKey={t('messages.state')} itemValue={message.acknowledgedAt ? t('messages.acknowledgedAt', { at: formatDateTime(message.acknowledgedAt, i18n.language) }) : t('messages.states.read')} />
        )}
      </DataSummary>
      <Alert type="info">
        <Paragraph>{t(`messages.handling.${tlpKey(message.tlp)}`)}</Paragraph>
      </Alert>
      <div className="vitaal-message-body" data-testid="message-body" style={{ whiteSpace: 'pre-wrap', marginBlock: '1rem' }}>
        {message.body}
      </div>
      {!isAuthor && !message.acknowledgedAt && (
        <Button appearance="primary-action-button" type="button" data-testid="acknowledge" onClick={() => void acknowledgeMessage(id).then(reload)}>
          {t('messages.acknowledge')}
        </Button>
      )}
      {message.attachments.length > 0 && (
        <section aria-labelledby="attachments-heading">
          <Heading level={2} id="attachments-heading">
            {t('messages.attachments')}
          </Heading>
          <ul data-testid="attachments">
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                <Link href={attachmentHref(id, attachment.id)} download={attachment.filename}>
                  {attachment.filename}
                </Link>{' '}
                ({attachment.mediaType}, {t('messages.bytes', { count: attachment.sizeBytes, formatted: formatNumber(attachment.sizeBytes, i18n.language) })}) <TlpLabel tlp={message.tlp} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {reads && <Receipts reads={reads} />}
      <section aria-labelledby="replies-heading">
        <Heading level={2} id="replies-heading">
          {t('messages.replies')}
        </Heading>
        {message.replies.length === 0 ? (
          <Paragraph>{t('messages.noReplies')}</Paragraph>
        ) : (
          <ul>
            {message.replies.map((reply) => (
              <li key={reply.id}>
                <TlpLabel tlp={reply.tlp} /> <Link href={`/inbox/${reply.id}`}>{reply.title}</Link> — {organisations.get(reply.authorOrgId) ?? ''}, {formatDateTime(reply.createdAt, i18n.language)}
              </li>
            ))}
          </ul>
        )}
        {!isAuthor && <ReplyForm id={id} tlp={message.tlp} />}
      </section>
    </article>
  );
}

/** Who read and acknowledged the message, for its author. */
function Receipts({ reads }: { reads: AdvisoryReads }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="receipts-heading">
      <Heading level={2} id="receipts-heading">
        {t('messages.receipts')}
      </Heading>
      {reads.items.length === 0 ? (
        <Paragraph data-testid="no-receipts">{t('messages.noReceipts')}</Paragraph>
      ) : (
        <DataTable testId="receipts-table" caption={t('messages.receipts')} headers={[t('messages.reader'), t('messages.organisation'), t('messages.firstRead'), { label: t('messages.readCount'), align: 'end' }, t('messages.acknowledged')]}>
          {reads.items.map((read) => (
            <TableRow key={read.userId} data-reader={read.email}>
              <TableCell>{read.name}</TableCell>
              <TableCell>{read.organisationName}</TableCell>
              <TableCell>{formatDateTime(read.firstReadAt, i18n.language)}</TableCell>
              <TableCell alignCell="end">{formatNumber(read.readCount, i18n.language)}</TableCell>
              <TableCell>{read.acknowledgedAt ? formatDateTime(read.acknowledgedAt, i18n.language) : t('common.no')}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** A reply goes to the author under the same label (the server never lets it go lower). */
function ReplyForm({ id, tlp }: { id: string; tlp: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get('body') ?? '').trim();
    if (!body) return setError(t('messages.replyMissing'));
    try {
      const reply = await replyToMessage(id, body);
      navigate(`/inbox/${reply.id}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };
  return (
    <form className="vitaal-form" onSubmit={(event) => void submit(event)} noValidate>
      <FormFieldTextarea label={t('messages.reply', { tlp })} name="body" rows={4} />
      {error && (
        <Alert type="error">
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      <Button appearance="secondary-action-button" type="submit">
        {t('messages.sendReply')}
      </Button>
    </form>
  );
}
