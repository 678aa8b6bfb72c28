import { Button, FormFieldTextarea, FormFieldTextInput } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface RowField {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'tel' | 'email' | 'textarea';
  required?: boolean;
  maxLength?: number;
}

type Row = Record<string, string | number | undefined>;

/**
 * A list of like records edited inside one form (the actions, roles, contacts or escalation levels of a crisis plan):
 * one fieldset per row, rows added and removed; the inputs are plain form fields named `<list>.<key>.<field>`, read with
 * `rowsOf` when the form is sent.
 */
export function RowsEditor({ list, legend, itemLabel, fields, initial }: { list: string; legend: string; itemLabel: string; fields: readonly RowField[]; initial: readonly Row[] }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() => initial.map((values, index) => ({ key: index, values })));
  const [next, setNext] = useState(initial.length);
  return (
    <fieldset className="vitaal-rows" data-testid={`rows-${list}`}>
      <legend>{legend}</legend>
      <input type="hidden" name={`${list}.keys`} value={rows.map((row) => row.key).join(',')} />
      {rows.map((row, position) => {
        const label = `${itemLabel} ${position + 1}`;
        return (
          <fieldset key={row.key} data-testid={`row-${list}`}>
            <legend>{label}</legend>
            {fields.map((field) => {
              const props = { label: field.label, name: `${list}.${row.key}.${field.name}`, defaultValue: row.values[field.name] === undefined ? '' : String(row.values[field.name]), required: field.required, maxLength: field.maxLength };
              return field.type === 'textarea' ? <FormFieldTextarea key={field.name} rows={2} {...props} /> : <FormFieldTextInput key={field.name} type={field.type ?? 'text'} {...props} />;
            })}
            <Button appearance="secondary-action-button" type="button" onClick={() => setRows(rows.filter((entry) => entry.key !== row.key))}>
              {t('crisis.removeRow', { label })}
            </Button>
          </fieldset>
        );
      })}
      <Button
        appearance="secondary-action-button"
        type="button"
        data-testid={`add-${list}`}
        onClick={() => {
          setRows([...rows, { key: next, values: {} }]);
          setNext(next + 1);
        }}
      >
        {t('crisis.addRow', { label: itemLabel })}
      </Button>
    </fieldset>
  );
}

/** The rows of a RowsEditor as records: empty fields are left out, number fields become numbers (a malformed one stays text, for the server to refuse). */
export function rowsOf(form: FormData, list: string, fields: readonly RowField[]): Record<string, string | number>[] {
  const keys = String(form.get(`${list}.keys`) ?? '')
    .split(',')
    .filter(Boolean);
  return keys.map((key) =>
    Object.fromEntries(
      fields.flatMap((field) => {
        const value = String(form.get(`${list}.${key}.${field.name}`) ?? '').trim();
        if (!value) return [];
        return [[field.name, field.type === 'number' && Number.isFinite(Number(value)) ? Number(value) : value]];
      }),
    ),
  );
}
