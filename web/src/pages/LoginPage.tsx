import { Alert, Button, FormFieldTextInput, Heading, Link, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useSession } from '../session.tsx';
import { useTitle } from '../use-title.ts';

/** E-mail and password form; the OIDC link appears when the server has an identity provider configured. */
export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const oidcEnabled = useOidcEnabled();
  useTitle(t('login.title'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await login(email, password);
    } catch (failure) {
      // The server's details are in English; the common answers get a translated text.
      setError(failure instanceof ApiError && failure.status === 401 ? t('login.wrong') : failure instanceof ApiError && failure.status === 429 ? t('login.tooMany') : (failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="vitaal-login">
      <Heading level={1}>{t('login.title')}</Heading>
      <Paragraph>{t('login.intro')}</Paragraph>
      {error && (
        <Alert type="error" role="alert">
          <Heading level={2} appearanceLevel={4}>
            {t('login.failed')}
          </Heading>
          <Paragraph>{error}</Paragraph>
        </Alert>
      )}
      <form className="vitaal-form" onSubmit={(event) => void submit(event)} noValidate>
        <FormFieldTextInput label={t('login.email')} name="email" type="email" autoComplete="username" required />
        <FormFieldTextInput label={t('login.password')} name="password" type="password" autoComplete="current-password" required />
        <Button appearance="primary-action-button" type="submit" busy={busy} disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </Button>
      </form>
      {oidcEnabled && (
        <Paragraph>
          <Link href="/api/v1/auth/oidc/login" data-reload="">
            {t('login.oidc')}
          </Link>
        </Paragraph>
      )}
    </div>
  );
}

/** Whether the server offers OIDC sign-in, from the public sign-in methods route. */
function useOidcEnabled(): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    let current = true;
    fetch('/api/v1/auth/methods', { credentials: 'same-origin' })
      .then((response) => (response.ok ? (response.json() as Promise<{ oidc: boolean }>) : undefined))
      .then((methods) => current && setEnabled(Boolean(methods?.oidc)))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return enabled;
}
