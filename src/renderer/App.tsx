/** The window: toolbar, palette / Learn sidebar, canvas or teaching view, inspector, bottom dock, totals. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { ConnectionBanner } from './common/ConnectionBanner.tsx';
import { Dialogs } from './common/Dialogs.tsx';
import { Toasts } from './common/Toasts.tsx';
import { Canvas } from './canvas/Canvas.tsx';
import { RecoveryBanner } from './documents/RecoveryBanner.tsx';
import { TEMPLATES } from './documents/templates.ts';
import { useHostSync } from './hooks/useHostSync.ts';
import { useShortcuts } from './hooks/useShortcuts.ts';
import { Inspector } from './inspector/Inspector.tsx';
import { BottomPanel } from './layout/BottomPanel.tsx';
import { FlowBridge } from './layout/FlowBridge.tsx';
import { Sidebar } from './layout/Sidebar.tsx';
import { ViewTabs } from './layout/ViewTabs.tsx';
import { useDocStore } from './store/docStore.ts';
import { useUiStore } from './store/uiStore.ts';
import { TEACH_VIEWS } from './teach/index.tsx';
import { Toolbar } from './toolbar/Toolbar.tsx';
import { TotalsBar } from './totals/TotalsBar.tsx';
import { useTrainingEvents } from './training/useTrainingEvents.ts';
import './styles/theme.css';
import './styles/app.css';

// The app starts with LeNet-5 (the first template), not an empty page.
if (useDocStore.getState().loadCount === 0) {
  const first = TEMPLATES.find((t) => t.id === 'lenet5') ?? TEMPLATES[0];
  if (first) useDocStore.getState().load(structuredClone(first.document), null);
}

function TeachArea({ id }: { id: string }) {
  const view = TEACH_VIEWS.find((v) => v.id === id);
  if (!view) return null;
  const View = view.Component;
  return (
    <div className="teach-area">
      <View />
    </div>
  );
}

export function App() {
  const theme = useUiStore((s) => s.theme);
  const mainView = useUiStore((s) => s.mainView);
  const sideTab = useUiStore((s) => s.sideTab);
  // A teaching view takes the window's width: the inspector folds away, and the palette too (the lessons stay,
  // beside their tool); at 1280×720 the convolution's kernel and both images then fit side by side.
  const teaching = mainView !== 'design';
  useShortcuts();
  useHostSync();
  useTrainingEvents();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <ReactFlowProvider>
      <FlowBridge />
      <div className="app" data-theme={theme}>
        <Toolbar />
        <ConnectionBanner />
        <RecoveryBanner />
        <div className={`workspace${teaching ? ` is-teaching is-side-${sideTab}` : ''}`} data-testid="workspace">
          <Sidebar />
          <main className="center">
            <ViewTabs />
            <div className="center-body">
              <div className="design-area" hidden={mainView !== 'design'}>
                <Canvas />
              </div>
              {mainView !== 'design' && <TeachArea id={mainView} />}
            </div>
            <BottomPanel />
          </main>
          <aside className="right-panel" data-testid="right-panel">
            <Inspector />
          </aside>
        </div>
        <TotalsBar />
        <Toasts />
        <Dialogs />
      </div>
    </ReactFlowProvider>
  );
}
