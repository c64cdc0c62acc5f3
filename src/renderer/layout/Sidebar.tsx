/** The left sidebar: the layer palette, or the Learn area with the guided lessons. */
import { useTranslation } from 'react-i18next';
import { Palette } from '../palette/Palette.tsx';
import { useUiStore } from '../store/uiStore.ts';
import { LearnSidebar } from '../teach/index.tsx';

export function Sidebar() {
  const { t } = useTranslation();
  const tab = useUiStore((s) => s.sideTab);
  const setTab = useUiStore((s) => s.setSideTab);
  const setMainView = useUiStore((s) => s.setMainView);
  return (
    <aside className="sidebar">
      <div className="side-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'palette'}
          className={tab === 'palette' ? 'is-active' : undefined}
          onClick={() => setTab('palette')}
          data-testid="side-layers"
        >
          {t('sidebar.layers')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'learn'}
          className={tab === 'learn' ? 'is-active' : undefined}
          onClick={() => setTab('learn')}
          data-testid="side-learn"
        >
          {t('learn')}
        </button>
      </div>
      <div className="side-body">
        {tab === 'palette' ? <Palette /> : <LearnSidebar onOpenView={(id) => setMainView(id)} />}
      </div>
    </aside>
  );
}
