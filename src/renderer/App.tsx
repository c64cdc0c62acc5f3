import { useTranslation } from 'react-i18next';
import { LearnSidebar, TEACH_VIEWS } from './teach/index.tsx';

export function App() {
  const { t } = useTranslation();
  return (
    <div className="app">
      <header>{t('appName')}</header>
      <main>
        <nav aria-label={t('learn')}>
          {TEACH_VIEWS.map((v) => (
            <span key={v.id}>{t(v.titleKey, { ns: 'teach' })}</span>
          ))}
        </nav>
        <LearnSidebar />
      </main>
    </div>
  );
}
