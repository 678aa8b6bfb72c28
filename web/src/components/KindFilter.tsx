import { FormFieldSelect, SelectOption } from '@rijkshuisstijl-community/components-react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useLocation } from '../router.ts';

interface KindFilterProps<K extends string> {
  /** The page's path; the chosen kind goes in its `kind` query parameter. */
  path: string;
  kinds: readonly K[];
  label: string;
  /** Translation key prefix of the kinds' names (`kinds` → `kinds.provider`). */
  names: string;
}

/** The kind of a list page from the URL's `kind` parameter, or undefined when absent or unknown. */
export function useKindParameter<K extends string>(kinds: readonly K[]): K | undefined {
  const value = useLocation().searchParams.get('kind') ?? '';
  return (kinds as readonly string[]).includes(value) ? (value as K) : undefined;
}

/** A select that filters a list page by kind, kept in the URL so that the view can be shared and reloaded. */
export function KindFilter<K extends string>({ path, kinds, label, names }: KindFilterProps<K>) {
  const { t } = useTranslation();
  const kind = useKindParameter(kinds);
  return (
    <form className="vitaal-filters" aria-label={t('common.filter')} onSubmit={(event) => event.preventDefault()}>
      <FormFieldSelect
        label={label}
        name="kind"
        value={kind ?? ''}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => navigate(event.target.value ? `${path}?kind=${event.target.value}` : path, { replace: true })}
      >
        <SelectOption value="">{t('common.all')}</SelectOption>
        {kinds.map((value) => (
          <SelectOption key={value} value={value}>
            {t(`${names}.${value}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
    </form>
  );
}
