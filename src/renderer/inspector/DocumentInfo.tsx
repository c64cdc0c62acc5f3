/** What the inspector shows with nothing selected: the network at a glance. */
import { useTranslation } from 'react-i18next';
import { fmtInt, fmtShape, isExactCount } from '../../engine/format.ts';
import { selectAnalysis } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';

export function DocumentInfo() {
  const { t } = useTranslation();
  const name = useDocStore((s) => s.name);
  const a = useDocStore(selectAnalysis);
  const input = a.inputId ? a.nodes[a.inputId]?.outputShape : null;
  const output = a.outputIds[0] ? a.nodes[a.outputIds[0]]?.outputShape : null;
  return (
    <section className="inspector-section">
      <h2>{name}</h2>
      <dl className="summary-grid">
        <dt>{t('inspector.layers')}</dt>
        <dd>{a.order.length}</dd>
        <dt>{t('inspector.input')}</dt>
        <dd>{fmtShape(input ?? null)}</dd>
        <dt>{t('inspector.output')}</dt>
        <dd>{fmtShape(output ?? null)}</dd>
        <dt>{t('inspector.weights')}</dt>
        <dd>{fmtInt(a.totalWeights)}</dd>
        <dt>{t('inspector.biases')}</dt>
        <dd>{fmtInt(a.totalBiases)}</dd>
      </dl>
      {!(isExactCount(a.totalWeights) && isExactCount(a.totalBiases)) && (
        <p className="inspector-empty">{t('counts.rounded')}</p>
      )}
      <p className="inspector-empty">{t('inspector.selectHint')}</p>
    </section>
  );
}
