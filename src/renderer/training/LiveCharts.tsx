/** Live loss and accuracy of the current run: train per batch, validation per epoch. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { RECENT_BATCHES } from '../../engine/train/trainer.ts';
import { LineChart } from './LineChart.tsx';
import { useTrainStore } from './trainStore.ts';

const ACCURACY_RANGE: [number, number] = [0, 1];

export const COLORS = { train: '#3b82f6', val: '#f97316', a: '#3b82f6', b: '#e11d48' };

export function LiveCharts() {
  const { t } = useTranslation();
  const { batches, epochs, totalEpochs } = useTrainStore(
    useShallow((s) => ({ batches: s.batches, epochs: s.epochs, totalEpochs: s.totalEpochs })),
  );
  // The x axis spans the whole run from its first batch, so the lines grow across it as training goes on.
  const xRange: [number, number] | undefined = totalEpochs > 0 ? [0, totalEpochs] : undefined;
  const [loss, acc] = useMemo(() => {
    // Validation points sit at the end of each epoch (x = epoch); merge them into the batches' x axis.
    const xs = [...batches.map((b) => b.x), ...epochs.map((e) => e.epoch)].sort((a, b) => a - b);
    const uniq = xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
    const byX = new Map(batches.map((b) => [b.x, b]));
    const valByX = new Map(epochs.map((e) => [e.epoch, e]));
    return [
      [uniq, uniq.map((x) => byX.get(x)?.loss ?? null), uniq.map((x) => valByX.get(x)?.valLoss ?? null)],
      [uniq, uniq.map((x) => byX.get(x)?.accuracy ?? null), uniq.map((x) => valByX.get(x)?.valAccuracy ?? null)],
    ];
  }, [batches, epochs]);
  // The charts' titles name the metric, so the legends say only whose it is.
  const series = [
    { label: t('training.train'), color: COLORS.train },
    { label: t('training.validation'), color: COLORS.val, points: true },
  ];
  return (
    <div className="live-charts">
      <LineChart
        title={t('training.loss')}
        xLabel={t('training.epoch')}
        series={series}
        data={loss}
        xRange={xRange}
        testId="chart-loss"
      />
      <LineChart
        title={t('training.accuracy')}
        xLabel={t('training.epoch')}
        series={series}
        data={acc}
        xRange={xRange}
        yRange={ACCURACY_RANGE}
        yFormat="percent"
        testId="chart-accuracy"
      />
      <p className="charts-note">{t('training.chartsNote', { n: RECENT_BATCHES })}</p>
    </div>
  );
}
