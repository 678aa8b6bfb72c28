import { Alert, Button, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, Heading, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { tlpLabels } from '../../../src/domain/tlp.ts';
import { api, ApiError, dataOf } from '../api/client.ts';
import { publishMessage, uploadAttachment, type AdvisoryInput, type AdvisoryKind, type Tlp } from '../api/messages.ts';
import { listSectors, listUsers } from '../api/registry.ts';
import { ErrorState, Loading, NotPermitted } from '../components/PageStates.tsx';
import { TlpLabel, tlpKey } from '../components/TlpLabel.tsx';
import { hasAnyRole, messageAuthorRoles } from '../navigation.ts';
import { navigate } from '../router.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

const kinds: AdvisoryKind[] = ['advisory', 'threat-information', 'sector-notice', 'request-for-information'];
const audienceRoles = ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt', 'partner'] as const;

async function loadChoices() {
  const [directory, sectors, users] = await Promise.all([dataOf(await api.GET('/api/v1/advisories/audience-directory')), listSectors(), listUsers()]);
  return { organisations: directory.items, sectors: sectors.items, users: users.items };
}

/** Compose and publish a message: kind, TLP label, audience fitting the label, text and attachments. */
export function ComposePage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('messages.compose'));
  const mayWrite = hasAnyRole(user.roles, messageAuthorRoles);
  const choices = useLoad(() => (mayWrite ? loadChoices() : Promise.resolve(undefined)), 'compose');
  const [tlp, setTlp] = useState<Tlp>('TLP:AMBER');
  const [kind, setKind] = useState<AdvisoryKind>('advisory');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  if (!mayWrite) return <NotPermitted />;
  if (choices.state === 'loading') return <Loading />;
  if (choices.state === 'error') return <ErrorState error={choices.error} />;
  const { organisations, sectors, users } = choices.data!;
  const red = tlp === 'TLP:RED';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const all = (name: string) => form.getAll(name).map(String);
    const input: AdvisoryInput = {
      kind,
      tlp,
      title: String(form.get('title') ?? '').trim(),
      body: String(form.get('body') ?? '').trim(),
      ...(kind === 'threat-information' ? { threatDomain: String(form.get('threatDomain')) as 'digital' | 'physical' } : {}),
      ...(tlp === 'TLP:AMBER' && form.get('amberClients') ? { amberClients: true } : {}),
      audience: red
        ? { personIds: all('personIds') }
        : { organisationIds: all('organisationIds'), sectorIds: all('sectorIds'), roles: all('roles') as AdvisoryInput['audience']['roles'] },
    };
    const files = (form.getAll('files') as File[]).filter((file) => file.size > 0);
    if (!input.title || !input.body) return setErrors([t('messages.titleAndBodyMissing')]);
    setBusy(true);
    try {
      const created = await publishMessage(input);
      for (const file of files) await uploadAttachment(created.id, file);
      navigate(`/inbox/${created.id}`);
    } catch (error) {
      setErrors(error instanceof ApiError && error.errors.length > 0 ? error.errors.map((item) => `${item.path}: ${item.message}`) : [error instanceof Error ? error.message : String(error)]);
      setBusy(false);
    }
  };

  return (
    <>
      <Heading level={1}>{t('messages.compose')}</Heading>
      <Paragraph>{t('messages.composeIntro')}</Paragraph>
      <form className="vitaal-form" data-testid="compose-form" onSubmit={(event) => void submit(event)} noValidate>
        <FormFieldSelect label={t('messages.kind')} name="kind" value={kind} onChange={(event: ChangeEvent<HTMLSelectElement>) => setKind(event.target.value as AdvisoryKind)}>
          {kinds.map((value) => (
            <SelectOption key={value} value={value}>
              {t(`messages.kinds.${value}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        {kind === 'threat-information' && (
          <FormFieldSelect label={t('messages.domain')} name="threatDomain" defaultValue="digital">
            <SelectOption value="digital">{t('messages.domains.digital')}</SelectOption>
            <SelectOption value="physical">{t('messages.domains.physical')}</SelectOption>
          </FormFieldSelect>
        )}
        <FormFieldSelect label={t('messages.label')} name="tlp" value={tlp} onChange={(event: ChangeEvent<HTMLSelectElement>) => setTlp(event.target.value as Tlp)}>
          {tlpLabels.map((label) => (
            <SelectOption key={label} value={label}>
              {label}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <Paragraph>
          <TlpLabel tlp={tlp} /> {t(`messages.handling.${tlpKey(tlp)}`)}
        </Paragraph>
        {tlp === 'TLP:AMBER' && (
          <p className="vitaal-check">
            <label>
              <input type="checkbox" name="amberClients" /> {t('messages.amberClients')}
            </label>
          </p>
        )}
        {red ? (
          <CheckList legend={t('messages.persons')} name="personIds" options={users.map((person) => ({ value: person.id, label: `${person.name} (${person.email})` }))} />
        ) : (
          <>
            <CheckList legend={t('messages.organisations')} name="organisationIds" options={organisations.map((organisation) => ({ value: organisation.id, label: `${organisation.name} (${t(`kinds.${organisation.kind}`, { defaultValue: organisation.kind })})` }))} />
            <CheckList legend={t('messages.sectors')} name="sectorIds" options={sectors.map((sector) => ({ value: sector.id, label: i18n.language === 'en' ? sector.nameEn : sector.nameNl }))} />
            <CheckList legend={t('messages.roles')} name="roles" options={audienceRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
          </>
        )}
        <FormFieldTextInput label={t('messages.title')} name="title" maxLength={300} required />
        <FormFieldTextarea label={t('messages.body')} name="body" rows={8} required />
        <p className="vitaal-field">
          <label htmlFor="compose-files">{t('messages.attachments')}</label>
          <br />
          <input id="compose-files" type="file" name="files" multiple />
        </p>
        {errors.length > 0 && (
          <Alert type="error" data-testid="compose-errors">
            {errors.map((error) => (
              <Paragraph key={error}>{error}</Paragraph>
            ))}
          </Alert>
        )}
        <Button appearance="primary-action-button" type="submit" disabled={busy}>
          {t('messages.publish')}
        </Button>
      </form>
    </>
  );
}

/** A group of checkboxes with a legend; scrolls when long. */
function CheckList({ legend, name, options }: { legend: string; name: string; options: { value: string; label: string }[] }) {
  return (
    <fieldset className="vitaal-checklist" style={{ maxHeight: '14rem', overflowY: 'auto', marginBlock: '1rem' }}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <div key={option.value}>
          <label>
            <input type="checkbox" name={name} value={option.value} /> {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
