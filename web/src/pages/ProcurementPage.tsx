import { Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { listOrganisations } from '../api/registry.ts';
import { listProcurementAssessments, type ProcurementAssessment } from '../api/procurement.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The signed-in user as the procurement rules see them (mirrors src/services/policy.ts authorizeProcurementWrite). */
type User = ReturnType<typeof useUser>;

/** A provider or a ministry draws up assessments of its own purchases. */
export const mayBuy = (user: User) => user.roles.includes('provider') || user.roles.includes('ministry');

/** Only the buying organisation's provider or ministry users write an assessment. */
export const mayWriteAssessment = (user: User, assessment: ProcurementAssessment) => mayBuy(user) && user.organisationId === assessment.buyerOrgId;

/** The assessments the user may see: their quickscan outcome, state and decision, with the way into the wizard for buyers. */
export function ProcurementPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('procurement.title'));
  const data = useLoad(() => Promise.all([listProcurementAssessments(), listOrganisations()]), 'procurement');
  return (
    <>
      <Heading level={1}>{t('procurement.title')}</Heading>
      <Paragraph>{t('procurement.intro')}</Paragraph>
      {mayBuy(user) ? (
        <Paragraph>
          <Link href="/procurement/new" data-testid="procurement-start">
            {t('procurement.start')}
          </Link>
        </Paragraph>
      ) : (
        <Paragraph data-testid="procurement-read-only">{t('procurement.readOnly')}</Paragraph>
      )}
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <ErrorState error={data.error} />}
      {data.state === 'done' &&
        (data.data[0].items.length === 0 ? (
          <NoData />
        ) : (
          <DataTable
            testId="procurement-table"
            caption={t('procurement.caption')}
            headers={[t('procurement.purchase'), t('procurement.buyer'), t('procurement.kind'), t('procurement.outcome'), t('procurement.status'), t('procurement.createdAt')]}
          >
            {data.data[0].items.map((assessment) => (
              <TableRow key={assessment.id} data-testid="procurement-row" data-status={assessment.status} data-full-analysis={assessment.fullAnalysisRequired}>
                <TableCell>
                  <Link href={`/procurement/${assessment.id}`}>{assessment.title}</Link>
                </TableCell>
                <TableCell>{data.data[1].items.find((organisation) => organisation.id === assessment.buyerOrgId)?.name ?? t('common.none')}</TableCell>
                <TableCell>{t(`supplyChain.kinds.${assessment.purchaseKind}`, { defaultValue: assessment.purchaseKind })}</TableCell>
                <TableCell>{assessment.fullAnalysisRequired ? t('procurement.fullRequired') : t('procurement.fullNotRequired')}</TableCell>
                <TableCell>{statusText(t, assessment)}</TableCell>
                <TableCell>{formatDateTime(assessment.createdAt, i18n.language)}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        ))}
    </>
  );
}

/** The state of an assessment in words: its step, or its decision once decided. */
export const statusText = (t: (key: string) => string, assessment: ProcurementAssessment) =>
  assessment.status === 'decided' && assessment.decision ? t(`procurement.decisions.${assessment.decision}`) : t(`procurement.statuses.${assessment.status}`);
