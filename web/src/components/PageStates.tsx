import { Alert, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useUser } from '../session.tsx';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Paragraph className="vitaal-loading" role="status">
      {t('common.loading')}
    </Paragraph>
  );
}

/** An error the API or the network gave; a 403 is explained as need-to-know. */
export function ErrorState({ error }: { error: Error }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) return <NotPermitted />;
  return (
    <Alert type="error">
      <Heading level={2} appearanceLevel={4}>
        {t('common.error')}
      </Heading>
      <Paragraph>{error.message}</Paragraph>
    </Alert>
  );
}

/** The role may not see this page at all. */
export function NotPermitted() {
  const { t } = useTranslation();
  return (
    <Alert type="warning" data-testid="not-permitted">
      <Heading level={2} appearanceLevel={4}>
        {t('needToKnow.forbiddenTitle')}
      </Heading>
      <Paragraph>{t('needToKnow.forbidden')}</Paragraph>
    </Alert>
  );
}

/** A list the role may read came back empty: explain need-to-know rather than show an empty table. */
export function NoData({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const user = useUser();
  const role = user.roles.map((name) => t(`roles.${name}`, { defaultValue: name })).join(', ');
  return (
    <Alert type="info" data-testid="no-data">
      <Heading level={headingLevel} appearanceLevel={4}>
        {t('needToKnow.title')}
      </Heading>
      <Paragraph>{t('needToKnow.body', { role })}</Paragraph>
    </Alert>
  );
}

/** How many rows of a paged list are shown, and of how many. */
export function ListCount({ page, testId }: { page: { items: unknown[]; total: number }; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Paragraph role="status" data-testid={testId}>
      {page.total > page.items.length ? t('common.shown', { shown: page.items.length, total: page.total }) : t('common.total', { count: page.total })}
    </Paragraph>
  );
}
