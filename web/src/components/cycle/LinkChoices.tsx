import { useTranslation } from 'react-i18next';

interface Option {
  value: string;
  label: string;
}

/** A group of things a measure addresses (scenarios, indicators), each ticked with the value expected after the measure. */
export function LinkChoices({ legend, name, items, expectedLabel, expectedOptions }: { legend: string; name: string; items: readonly Option[]; expectedLabel: string; expectedOptions: readonly Option[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <fieldset data-testid={`links-${name}`}>
      <legend>{legend}</legend>
      {items.map((item) => (
        <div key={item.value} style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', marginBlock: '0.25rem' }}>
          <label>
            <input type="checkbox" name={name} value={item.value} /> {item.label}
          </label>
          <label>
            <span className="vitaal-visually-hidden">
              {expectedLabel}: {item.label}
            </span>
            <select name={`${name}-expected-${item.value}`} defaultValue="">
              <option value="">{t('cycleWork.measureForm.noExpectation', { label: expectedLabel })}</option>
              {expectedOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The ticked items of a LinkChoices group with their expected value ('' when none was chosen). */
export const linksOf = (form: FormData, name: string) => form.getAll(name).map((value) => ({ value: String(value), expected: String(form.get(`${name}-expected-${String(value)}`) ?? '') }));
