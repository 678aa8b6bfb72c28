import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';

/**
 * An aggregation rule in the interface language. The API names the rule by a stable key beside its English text; the
 * text stays the fallback for a rule this interface does not know yet.
 */
export function RuleText({ ruleKey, text, values = {}, testId }: { ruleKey: string; text: string; values?: Record<string, string>; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paragraph data-testid={testId} data-rule={ruleKey}>
      <strong>{t('cycleWork.rule')}</strong> {t(`cycleWork.rules.${ruleKey}`, { defaultValue: text, ...values })}
    </Paragraph>
  );
}
