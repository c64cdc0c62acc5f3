/** Errors and warnings from the engine; a click selects the layer, a fix button applies Problem.fixes. */
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../engine/analyze.ts';
import { applyFixAction } from '../actions/editActions.ts';
import { checkFixes } from '../../engine/fixCheck.ts';
import { say, sayParts } from '../i18n/engineText.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import './ProblemsPanel.css';

export function ProblemsPanel() {
  const { t } = useTranslation();
  const a = useDocStore(selectAnalysis);
  // Each fix tried on the whole network: adjusted to leave it valid, or saying what it breaks (fixCheck.ts).
  const graph = useDocStore(selectGraph);
  const { fitView } = useReactFlow();
  const items: (Problem & { severity: 'error' | 'warning' })[] = [
    ...a.errors.map((p) => ({ ...p, severity: 'error' as const })),
    ...a.warnings.map((p) => ({ ...p, severity: 'warning' as const })),
  ];
  const reveal = (nodeId: string | null) => {
    if (!nodeId) return;
    useDocStore.getState().select([nodeId]);
    void fitView({ nodes: [{ id: nodeId }], duration: 250, maxZoom: 1.2, padding: 0.6 });
  };
  return (
    <div className="problems" data-testid="problems">
      {items.length === 0 && <p className="problems-none">✓ {t('problems.none')}</p>}
      <ul>
        {items.map((p, i) => (
          <li
            key={`${p.code}:${p.nodeId}:${i}`}
            className={`problem is-${p.severity}`}
            data-testid="problem"
            data-code={p.code}
          >
            <button type="button" className="problem-main" onClick={() => reveal(p.nodeId)}>
              <span className="problem-icon" aria-label={t(`problems.${p.severity}`)}>
                {p.severity === 'error' ? '✕' : '!'}
              </span>
              {p.nodeId && <code className="problem-node">{p.nodeId}</code>}
              <span className="problem-text">{say(t, p)}</span>
            </button>
            {checkFixes(graph, p).map((c) => (
              <button
                key={c.fix.label}
                type="button"
                className="btn btn-small btn-accent"
                data-testid="fix"
                data-breaks={c.breaks.join(' ') || undefined}
                onClick={() => applyFixAction(c.fix)}
              >
                {t('problems.fix', { label: sayParts(t, c.text) })}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
