/** The status bar: parameters, MACs, training memory at the current batch size, errors and warnings. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtBytes, fmtCompact, fmtInt, isExactCount } from '../../engine/format.ts';
import { trainingMemory } from '../lib/memory.ts';
import { trainingOf } from '../lib/trainingDefaults.ts';
import { selectAnalysis, selectGraph } from '../store/analysis.ts';
import { useDocStore } from '../store/docStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import './TotalsBar.css';

export function TotalsBar() {
  const { t } = useTranslation();
  const a = useDocStore(selectAnalysis);
  const graph = useDocStore(selectGraph);
  const training = useDocStore((s) => s.training);
  const settings = trainingOf(training, a);
  const { batchSize, optimizer, momentum } = settings;
  const memory = useMemo(
    () => trainingMemory(a, { batchSize, optimizer, momentum }, graph),
    [a, graph, batchSize, optimizer, momentum],
  );
  const openBottom = useUiStore((s) => s.openBottom);
  return (
    <footer className="totals" data-testid="totals">
      <span
        className="total"
        title={t('totals.paramsTitle', { weights: fmtInt(a.totalWeights), biases: fmtInt(a.totalBiases) })}
      >
        <span className="total-label">{t('totals.params')}</span>
        <strong data-testid="total-params">{fmtInt(a.totalParams)}</strong>
      </span>
      <span className="total" title={t('totals.macsTitle', { compact: fmtCompact(a.totalMacs) })}>
        <span className="total-label">{t('totals.macs')}</span>
        <strong data-testid="total-macs">{fmtInt(a.totalMacs)}</strong>
      </span>
      {!(isExactCount(a.totalParams) && isExactCount(a.totalMacs)) && (
        <span className="total total-label" title={t('counts.rounded')} data-testid="total-rounded">
          {t('counts.roundedShort')}
        </span>
      )}
      <span className="total" title={t('totals.memoryTitle')}>
        <span className="total-label">{t('totals.memory', { batch: settings.batchSize })}</span>
        <strong data-testid="total-memory">{fmtBytes(memory)}</strong>
      </span>
      <button
        type="button"
        className={`total total-button${a.errors.length ? ' has-errors' : ''}`}
        onClick={() => openBottom('problems')}
        data-testid="total-errors"
      >
        <span className="total-label">{t('totals.errors')}</span>
        <strong>{a.errors.length}</strong>
        {a.warnings.length > 0 && (
          <span className="total-warn">{t('totals.warnings', { count: a.warnings.length })}</span>
        )}
      </button>
    </footer>
  );
}
