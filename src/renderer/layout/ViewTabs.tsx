/** The centre's tabs: the design canvas, then the teaching views. */
import { useTranslation } from 'react-i18next';
import { useUiStore } from '../store/uiStore.ts';
import { TEACH_VIEWS } from '../teach/index.tsx';

export function ViewTabs() {
  const { t } = useTranslation();
  const view = useUiStore((s) => s.mainView);
  const setView = useUiStore((s) => s.setMainView);
  return (
    <nav className="view-tabs" role="tablist" aria-label={t('views.label')}>
      <button
        type="button"
        role="tab"
        aria-selected={view === 'design'}
        className={view === 'design' ? 'is-active' : undefined}
        onClick={() => setView('design')}
        data-testid="view-design"
      >
        {t('views.design')}
      </button>
      <span className="view-tabs-sep" aria-hidden />
      {TEACH_VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          className={view === v.id ? 'is-active' : undefined}
          onClick={() => setView(v.id)}
          data-testid={`view-${v.id}`}
        >
          {t(v.titleKey, { ns: 'teach' })}
        </button>
      ))}
    </nav>
  );
}
