/**
 * The document's run history, with backend, provider and samples/s; tick two runs to overlay their curves
 * (e.g. conv vs its locally-connected twin with the same seed).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../engine/document.ts';
import { useDocStore } from '../store/docStore.ts';
import { WeightsNote } from '../weights/WeightsNote.tsx';
import { selectWeightsStatus } from '../weights/weightsStatus.ts';
import { LineChart } from './LineChart.tsx';
import { useShownRun } from './RunResults.tsx';
import { useTrainStore } from './trainStore.ts';
import { whereItRan, whereItRanDetail } from './TrainProgress.tsx';

const RUN_COLORS = ['#3b82f6', '#e11d48', '#16a34a', '#a855f7'];

function runLabel(r: RunRecord, i: number): string {
  return r.label ?? `#${i + 1}`;
}

export function overlayData(
  runs: RunRecord[],
  metric: 'loss' | 'valAccuracy' | 'accuracy' | 'valLoss',
): (number | null)[][] {
  const epochs = Math.max(0, ...runs.map((r) => r.epochs.length));
  const xs = Array.from({ length: epochs }, (_, i) => i + 1);
  return [xs, ...runs.map((r) => xs.map((x) => r.epochs.find((e) => e.epoch === x)?.[metric] ?? null))];
}

export function RunHistory() {
  const { t } = useTranslation();
  const runs = useDocStore((s) => s.runs);
  const shown = useShownRun();
  // The latest run left the document's weights; once an edit drops some, its figures describe another network.
  const changed = useDocStore((s) => selectWeightsStatus(s).state !== 'trained');
  const [picked, setPicked] = useState<string[]>([]);
  const chosen = useMemo(() => runs.filter((r) => picked.includes(r.id)), [runs, picked]);
  const [metric, setMetric] = useState<'valAccuracy' | 'loss'>('valAccuracy');
  const data = useMemo(() => overlayData(chosen, metric), [chosen, metric]);
  if (!runs.length) return <p className="panel-muted">{t('training.noRuns')}</p>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  return (
    <div className="run-history" data-testid="run-history">
      <WeightsNote where="history" show={['partial', 'untrained']} />
      <table className="runs-table">
        <thead>
          <tr>
            <th />
            <th>{t('training.run')}</th>
            <th>{t('training.testAccuracy')}</th>
            <th>{t('training.samplesPerSecond')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((r, i) => {
            const last = r.epochs[r.epochs.length - 1];
            return (
              <tr key={r.id} data-testid="run-row" className={r.id === shown?.id ? 'is-shown' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                    aria-label={t('training.overlay')}
                    data-testid="run-overlay"
                  />
                </td>
                <td title={r.startedAt}>
                  <button
                    type="button"
                    className="run-show"
                    data-testid="run-show"
                    title={t('training.showRun')}
                    aria-pressed={r.id === shown?.id}
                    onClick={() => useTrainStore.getState().showRun(r.id)}
                  >
                    {runLabel(r, i)}
                  </button>
                  <small className="run-detail">
                    {new Date(r.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} ·{' '}
                    {r.settings.dataset.split(/[\\/]/).pop()} · {t('training.epochCount', { count: r.epochs.length })}
                    {r.stoppedEarly ? ` (${t('training.stopped')})` : ''}
                  </small>
                </td>
                <td>
                  {r.testAccuracy !== undefined ? `${(r.testAccuracy * 100).toFixed(1)}%` : '—'}
                  {changed && i === runs.length - 1 && (
                    <span
                      className="run-changed"
                      data-testid="run-changed"
                      title={t('weights.changedSinceRunHelp')}
                      aria-label={t('weights.changedSinceRunHelp')}
                    >
                      {' '}
                      ✎
                    </span>
                  )}
                </td>
                <td>
                  {last ? Math.round(last.samplesPerSecond).toLocaleString() : '—'}
                  <small className="run-detail" data-testid="run-where" title={whereItRanDetail(t, r)}>
                    {whereItRan(t, r)}
                  </small>
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => useDocStore.getState().removeRun(r.id)}
                    aria-label={t('training.removeRun')}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {chosen.length > 0 && (
        <div className="overlay-chart">
          <div className="overlay-head">
            <select
              value={metric}
              onChange={(e) => setMetric(e.target.value as typeof metric)}
              aria-label={t('training.metric')}
            >
              <option value="valAccuracy">{t('training.val_accuracy')}</option>
              <option value="loss">{t('training.train_loss')}</option>
            </select>
          </div>
          <LineChart
            title={t('training.overlayTitle')}
            xLabel={t('training.epoch')}
            series={chosen.map((r) => ({
              label: runLabel(r, runs.indexOf(r)),
              color: RUN_COLORS[runs.indexOf(r) % RUN_COLORS.length],
              points: true,
            }))}
            data={data}
            testId="chart-overlay"
          />
        </div>
      )}
    </div>
  );
}
