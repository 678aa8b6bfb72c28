import { FormFieldSelect, SelectOption } from '@rijkshuisstijl-community/components-react';
import type { ChangeEvent, ReactNode } from 'react';

export interface Option<T extends string = string> {
  value: T;
  label: string;
}

/** The options of a fixed list of values (an enumeration of the API), each shown in words. */
export const optionsOf = <T extends string>(values: readonly T[], text: (value: T) => string): Option<T>[] => values.map((value) => ({ value, label: text(value) }));

interface OptionSelectProps<T extends string> {
  label: ReactNode;
  name: string;
  options: readonly Option<T>[];
  description?: string;
  defaultValue?: T;
  /** Controlled: the form shows the stored values of the item chosen. */
  value?: T;
  onChange?: (value: T) => void;
}

/** A labelled select of options, uncontrolled (defaultValue) or controlled (value and onChange). */
export function OptionSelect<T extends string = string>({ label, name, options, description, defaultValue, value, onChange }: OptionSelectProps<T>) {
  const control = value === undefined ? { defaultValue: defaultValue ?? options[0]?.value } : { value, onChange: (event: ChangeEvent<HTMLSelectElement>) => onChange?.(event.target.value as T) };
  return (
    <FormFieldSelect label={label} name={name} {...(description ? { description } : {})} {...control}>
      {options.map((option) => (
        <SelectOption key={option.value} value={option.value}>
          {option.label}
        </SelectOption>
      ))}
    </FormFieldSelect>
  );
}
