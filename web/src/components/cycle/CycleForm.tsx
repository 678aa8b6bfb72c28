import { Heading } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';
import { OptionSelect } from '../OptionSelect.tsx';

/** A field of a submitted form as trimmed text ('' when absent). */
export const fieldOf = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();

/** The fields of a form that are optional in the API: present only when filled in. */
export const optionalFields = <K extends string>(form: FormData, names: readonly K[]): Partial<Record<K, string>> =>
  Object.fromEntries(names.flatMap((name) => (fieldOf(form, name) ? [[name, fieldOf(form, name)]] : []))) as Partial<Record<K, string>>;

interface CycleFormProps {
  testId: string;
  title: string;
  submitLabel: string;
  /** Sends the form to the API; a problem it throws is shown above the button. */
  send: (form: FormData) => Promise<unknown>;
  onSaved: () => void;
  /** Empties the fields after a successful write (a form that adds things), rather than keeping them (a form that changes one). */
  resetAfterSave?: boolean;
  children: ReactNode;
}

/**
 * The frame of every write form of the cycle workspace: heading, fields, the API's problem, the confirmation and the
 * submit button. The confirmation survives the emptied fields because the state lives outside the keyed form.
 */
export function CycleForm({ testId, title, submitLabel, send, onSaved, resetAfterSave = false, children }: CycleFormProps) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const [round, setRound] = useState(0);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (await submit.run(() => send(form))) {
      if (resetAfterSave) setRound((value) => value + 1);
      onSaved();
    }
  }
  return (
    <form key={round} className="vitaal-form" data-testid={testId} onSubmit={(event) => void save(event)} noValidate>
      <Heading level={3}>{title}</Heading>
      {children}
      <FormFoot state={submit} label={submitLabel} savedText={t('cycleWork.saved')} testId={testId} />
    </form>
  );
}

interface ChangeFormProps<T extends { id: string; updatedAt: string }> {
  testId: string;
  title: string;
  /** Label of the select that chooses the item to change. */
  chooseLabel: string;
  items: readonly T[];
  optionLabel: (item: T) => string;
  /** The fields, prefilled with the stored item. */
  fields: (item: T) => ReactNode;
  send: (item: T, form: FormData) => Promise<unknown>;
  onSaved: () => void;
}

/** A form that changes one of several stored items: a select chooses the item, the fields show its stored values (the first item until another is chosen). */
export function ChangeForm<T extends { id: string; updatedAt: string }>({ testId, title, chooseLabel, items, optionLabel, fields, send, onSaved }: ChangeFormProps<T>) {
  const { t } = useTranslation();
  const [chosenId, setChosenId] = useState(items[0]?.id ?? '');
  const chosen = items.find((item) => item.id === chosenId) ?? items[0];
  if (!chosen) return null;
  return (
    <CycleForm testId={testId} title={title} submitLabel={t('cycleWork.save')} send={(form) => send(chosen, form)} onSaved={onSaved}>
      <OptionSelect label={chooseLabel} name="chosen" value={chosen.id} onChange={setChosenId} options={items.map((item) => ({ value: item.id, label: optionLabel(item) }))} />
      {/* Keyed by the item and its version, so that the fields show the stored values after a choice or a save. */}
      <div key={`${chosen.id}-${chosen.updatedAt}`} className="vitaal-form">
        {fields(chosen)}
      </div>
    </CycleForm>
  );
}
