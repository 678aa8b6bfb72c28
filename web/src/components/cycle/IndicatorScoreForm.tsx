import { FormFieldSelect, FormFieldTextarea, Heading, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { resilienceIndicators } from '../../../../src/domain/resilience.ts';
import { saveIndicatorScore } from '../../api/cycle-work.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';

type Phase = 'analysis' | 'reassessment';

interface Props {
  cycleId: string;
  providers: CycleWorkspace['providers'];
  scores: CycleWorkspace['scores'];
  phase: Phase;
  onSaved: () => void;
}

/** Enters or updates one provider's score of one indicator on the maturity scale, with rationale and evidence links; prefilled with the stored score. */
export function IndicatorScoreForm({ cycleId, providers, scores, phase, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const submit = useFormSubmit();
  const [providerId, setProviderId] = useState(providers[0]?.providerId ?? '');
  const [indicator, setIndicator] = useState<(typeof resilienceIndicators)[number]>(resilienceIndicators[0]);
  const stored = scores.items.find((score) => score.providerId === providerId && score.indicator === indicator && score.phase === phase);
  const testId = `score-form-${phase}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const evidence = String(form.get('evidence') ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const body = { providerId, indicator, phase, score: Number(form.get('score')), rationale: String(form.get('rationale') ?? '').trim(), evidence };
    if (await submit.run(() => saveIndicatorScore(cycleId, body))) onSaved();
  }

  return (
    <form className="vitaal-form" data-testid={testId} onSubmit={(event) => void save(event)} noValidate>
      <Heading level={3}>{t(`cycleWork.scoreForm.${phase}`)}</Heading>
      <Paragraph>{t('cycleWork.scoreForm.scale', { label: scores.scale.label })}</Paragraph>
      <FormFieldSelect label={t('cycles.provider')} name="providerId" value={providerId} onChange={(event: ChangeEvent<HTMLSelectElement>) => setProviderId(event.target.value)}>
        {providers.map((provider) => (
          <SelectOption key={provider.providerId} value={provider.providerId}>
            {provider.providerName}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldSelect label={t('cycles.indicator')} name="indicator" value={indicator} onChange={(event: ChangeEvent<HTMLSelectElement>) => setIndicator(event.target.value as typeof indicator)}>
        {resilienceIndicators.map((entry) => (
          <SelectOption key={entry} value={entry}>
            {t(`cycles.indicators.${entry}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      {/* Keyed by provider and indicator, so that the fields show the stored score of the pair chosen. */}
      <div key={`${providerId}-${indicator}-${stored?.scoredAt ?? ''}`} className="vitaal-form">
        <FormFieldSelect label={t('cycleWork.scoreForm.level')} name="score" defaultValue={String(stored?.score ?? scores.scale.levels[0]?.score ?? '')}>
          {scores.scale.levels.map((level) => (
            <SelectOption key={level.score} value={String(level.score)}>
              {level.score} – {i18n.language === 'en' ? level.nameEn : level.nameNl}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextarea label={t('cycles.rationale')} name="rationale" rows={3} defaultValue={stored?.rationale ?? ''} required />
        <FormFieldTextarea label={t('cycleWork.scoreForm.evidence')} description={t('cycleWork.scoreForm.evidenceHint')} name="evidence" rows={2} defaultValue={stored?.evidence.join('\n') ?? ''} />
      </div>
      <FormFoot state={submit} label={t('cycleWork.save')} savedText={t('cycleWork.saved')} testId={testId} />
    </form>
  );
}
