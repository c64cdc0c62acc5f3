/** The bottom dock: Problems, Training, Export, Summary and Test (try the model) tabs. */
import { useTranslation } from 'react-i18next';
import { ExportPanel } from '../export/ExportPanel.tsx';
import { ProblemsPanel } from '../problems/ProblemsPanel.tsx';
import { SummaryPanel } from '../summary/SummaryPanel.tsx';
import { TestPanel } from '../tryModel/TestPanel.tsx';
import { selectAnalysis } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { useUiStore, type BottomTab } from '../store/uiStore.ts';
import { TrainingPanel } from '../training/TrainingPanel.tsx';
import { useTrainStore } from '../training/trainStore.ts';
import { ResizeHandle } from './ResizeHandle.tsx';
import './BottomPanel.css';

export function BottomPanel() {
  const { t } = useTranslation();
  const tab = useUiStore((s) => s.bottomTab);
  const open = useUiStore((s) => s.bottomOpen);
  const openBottom = useUiStore((s) => s.openBottom);
  const toggle = useUiStore((s) => s.toggleBottom);
  const height = useUiStore((s) => s.bottomHeight);
  const problems = useDocStore((s) => selectAnalysis(s).errors.length + selectAnalysis(s).warnings.length);
  const running = useTrainStore((s) => s.status === 'running');
  // A new error does not open this dock by itself: it would take the canvas's height (300 of 720 pixels) while
  // the error already shows on its node, on the Problems tab's badge and in the totals bar, one click away.
  const tabs: { id: BottomTab; label: string; badge?: string }[] = [
    { id: 'problems', label: t('bottom.problems'), badge: problems ? String(problems) : undefined },
    { id: 'training', label: t('bottom.training'), badge: running ? '●' : undefined },
    { id: 'export', label: t('bottom.export') },
    { id: 'summary', label: t('bottom.summary') },
    { id: 'test', label: t('bottom.test') },
  ];
  return (
    <section
      className={`bottom-panel is-${tab}${open ? '' : ' is-collapsed'}`}
      style={open && height ? { height } : undefined}
    >
      {open && <ResizeHandle />}
      <div className="bottom-tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={tab === x.id}
            className={tab === x.id ? 'is-active' : undefined}
            onClick={() => (tab === x.id && open ? toggle() : openBottom(x.id))}
            data-testid={`tab-${x.id}`}
          >
            {x.label}
            {x.badge && <span className="tab-badge">{x.badge}</span>}
          </button>
        ))}
        <button
          type="button"
          className="bottom-toggle"
          onClick={toggle}
          aria-label={open ? t('bottom.collapse') : t('bottom.expand')}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="bottom-body">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'training' && <TrainingPanel />}
          {tab === 'export' && <ExportPanel />}
          {tab === 'summary' && <SummaryPanel />}
          {tab === 'test' && <TestPanel />}
        </div>
      )}
    </section>
  );
}
