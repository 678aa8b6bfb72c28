import { useTranslation } from 'react-i18next';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/PageStates.tsx';
import { AssetsPage } from './pages/AssetsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OrganisationsPage } from './pages/OrganisationsPage.tsx';
import { ProcessesPage } from './pages/ProcessesPage.tsx';
import { ProcessPage } from './pages/ProcessPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { matchPath, useLocation } from './router.ts';
import { SessionProvider, useSession } from './session.tsx';

function Routes() {
  const { session } = useSession();
  const { pathname } = useLocation();
  useTranslation();
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  if (pathname === '/') return <HomePage />;
  if (pathname === '/processes') return <ProcessesPage />;
  const process = matchPath('/processes/:id', pathname);
  if (process?.id) return <ProcessPage key={process.id} id={process.id} />;
  if (pathname === '/organisations') return <OrganisationsPage />;
  if (pathname === '/assets') return <AssetsPage />;
  if (pathname === '/users') return <UsersPage />;
  if (pathname === '/audit') return <AuditPage />;
  return <NotFoundPage />;
}

export function App() {
  return (
    <SessionProvider>
      <div className="rhc-theme utrecht-document vitaal-root">
        <Layout>
          <Routes />
        </Layout>
      </div>
    </SessionProvider>
  );
}
