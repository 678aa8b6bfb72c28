import { useTranslation } from 'react-i18next';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/PageStates.tsx';
import { AssetsPage } from './pages/AssetsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { DutyOfCarePage } from './pages/DutyOfCarePage.tsx';
import { CrisisPlansPage } from './pages/CrisisPlansPage.tsx';
import { CyclePage } from './pages/CyclePage.tsx';
import { CyclesPage } from './pages/CyclesPage.tsx';
import { ComposePage } from './pages/ComposePage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { IncidentPage } from './pages/IncidentPage.tsx';
import { IncidentsPage } from './pages/IncidentsPage.tsx';
import { SupervisionPage } from './pages/SupervisionPage.tsx';
import { SupplyChainPage } from './pages/SupplyChainPage.tsx';
import { VendorPage } from './pages/VendorPage.tsx';
import { InvestmentScreeningPage } from './pages/InvestmentScreeningPage.tsx';
import { ProcurementAssessmentPage } from './pages/ProcurementAssessmentPage.tsx';
import { ProcurementPage } from './pages/ProcurementPage.tsx';
import { ProcurementWizardPage } from './pages/ProcurementWizardPage.tsx';
import { ThreatIntelPage } from './pages/ThreatIntelPage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MessagePage } from './pages/MessagePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OrganisationsPage } from './pages/OrganisationsPage.tsx';
import { ProcessesPage } from './pages/ProcessesPage.tsx';
import { ProcessPage } from './pages/ProcessPage.tsx';
import { ScopingPage } from './pages/ScopingPage.tsx';
import { SimulationPage } from './pages/SimulationPage.tsx';
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
  if (pathname === '/scoping') return <ScopingPage />;
  if (pathname === '/duty-of-care') return <DutyOfCarePage />;
  if (pathname === '/simulation') return <SimulationPage />;
  if (pathname === '/crisis-plans') return <CrisisPlansPage />;
  if (pathname === '/incidents') return <IncidentsPage />;
  const incident = matchPath('/incidents/:id', pathname);
  if (incident?.id) return <IncidentPage key={incident.id} id={incident.id} />;
  if (pathname === '/supervision') return <SupervisionPage />;
  if (pathname === '/threat-intel') return <ThreatIntelPage />;
  if (pathname === '/supply-chain') return <SupplyChainPage />;
  const vendor = matchPath('/supply-chain/vendors/:id', pathname);
  if (vendor?.id) return <VendorPage key={vendor.id} id={vendor.id} />;
  if (pathname === '/procurement') return <ProcurementPage />;
  if (pathname === '/procurement/new') return <ProcurementWizardPage />;
  const assessment = matchPath('/procurement/:id', pathname);
  if (assessment?.id) return <ProcurementAssessmentPage key={assessment.id} id={assessment.id} />;
  if (pathname === '/investment-screening') return <InvestmentScreeningPage />;
  if (pathname === '/cycles') return <CyclesPage />;
  const cycle = matchPath('/cycles/:id', pathname);
  if (cycle?.id) return <CyclePage key={cycle.id} id={cycle.id} />;
  if (pathname === '/inbox') return <InboxPage />;
  if (pathname === '/inbox/new') return <ComposePage />;
  const message = matchPath('/inbox/:id', pathname);
  if (message?.id) return <MessagePage key={message.id} id={message.id} />;
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
