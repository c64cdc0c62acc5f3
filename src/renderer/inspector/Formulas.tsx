/** The node's numbers with their formulas written in its own values (src/engine/explain.ts). */
import { useTranslation } from 'react-i18next';
import { explainMessages } from '../../engine/explain.ts';
import type { Message } from '../../engine/messages.ts';
import { say } from '../i18n/engineText.ts';
import { fmtInt, fmtShape, isExactCount } from '../../engine/format.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

export function Formulas({ id }: { id: string }) {
  const { t } = useTranslation();
  const analysis = useDocStore(selectAnalysis);
  const graph = useDocStore(selectGraph);
  const info = analysis.nodes[id];
  const e = explainMessages(graph, analysis, id);
  if (!info) return null;
  const rf = info.receptiveField;
  // A layer whose output cannot be computed has no counts yet: a dash, not a 0 or "the whole image".
  const known = info.outputShape !== null;
  const count = (n: number) => (known ? fmtInt(n) : '—');
  return (
    <section className="inspector-section" data-testid="formulas">
      <h3>{t('inspector.summary')}</h3>
      <dl className="summary-grid">
        <dt>{t('inspector.input')}</dt>
        <dd>{info.inputShapes.length ? info.inputShapes.map(fmtShape).join(' + ') : '—'}</dd>
        <dt>{t('inspector.output')}</dt>
        <dd data-testid="inspector-output">{fmtShape(info.outputShape)}</dd>
        <dt>{t('inspector.weights')}</dt>
        <dd>{count(info.weights)}</dd>
        <dt>{t('inspector.biases')}</dt>
        <dd>{count(info.biases)}</dd>
        <dt>{t('inspector.macs')}</dt>
        <dd>{count(info.macs)}</dd>
        <dt>{t('inspector.receptiveField')}</dt>
        <dd>
          {!known
            ? '—'
            : rf
              ? t('inspector.rfValue', { h: rf.size[0], w: rf.size[1], jump: rf.jump[0] })
              : t('inspector.rfAll')}
        </dd>
      </dl>
      {known && !(isExactCount(info.params) && isExactCount(info.macs)) && (
        <p className="inspector-empty" data-testid="inspector-rounded">
          {t('counts.rounded')}
        </p>
      )}
      {e && (
        <ul className="formula-list">
          {[e.params, ...e.out, e.macs, e.receptiveField]
            .filter((x): x is Message => !!x)
            .map((m) => say(t, m))
            .map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
